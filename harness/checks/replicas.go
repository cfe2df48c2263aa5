package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// DefaultSurvivingReplicas is the replicas item's bar: with one node lost,
// at least two ready pods remain on the others, so the loss of one more
// pod (a crash, an eviction, the next rollout) does not take the service
// down while the node is away.
const DefaultSurvivingReplicas = 2

// SurvivingReplicas judges the replicas item on a node loss: from the
// moment the node was lost to the end of the fault phase, the target
// keeps at least Min ready pods on the nodes that survive. The lost
// node's pods count for nothing from its loss on, though Kubernetes
// reports them Ready until the node-monitor grace has passed.
type SurvivingReplicas struct {
	// Min is the ready pods needed on the surviving nodes
	// (DefaultSurvivingReplicas).
	Min int
}

var _ harness.Check = SurvivingReplicas{}

// Item is ItemReplicas.
func (SurvivingReplicas) Item() string { return ItemReplicas }

// Evaluate returns the lowest count of ready pods off the lost node.
func (c SurvivingReplicas) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	want := c.Min
	if want <= 0 {
		want = DefaultSurvivingReplicas
	}
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{Counts: map[string]float64{"required": float64(want)}}}
	from, to, ok := span(tl, timeline.PhaseFault)
	if !ok {
		v.Status, v.Reason = harness.Error, "the run had no fault phase"
		return []harness.Verdict{v}
	}
	loss, ok := nodeLoss(tl, from, to)
	if !ok {
		v.Status, v.Reason = harness.Error, "the fault did not take effect: no node with pods of the target was lost in the fault phase"
		return []harness.Verdict{v}
	}
	v.Evidence.From, v.Evidence.To = loss.t0, to
	// Walk every node's ready count in time order; the sum over the
	// survivors is judged from t0 on.
	type step struct {
		t    time.Time
		node string
		n    float64
	}
	var steps []step
	observed := false
	for _, name := range tl.SeriesNames() {
		node, ok := strings.CutPrefix(name, observe.SeriesPodsReadyOn)
		observed = observed || ok
		if !ok || node == loss.node {
			continue
		}
		for _, s := range tl.Series(name) {
			steps = append(steps, step{s.Time, node, s.Value})
		}
	}
	if !observed {
		v.Status, v.Reason = harness.Error, "no ready pods were observed per node: cannot tell what survived"
		return []harness.Verdict{v}
	}
	sortSteps := func(a, b step) int { return a.t.Compare(b.t) }
	slices.SortStableFunc(steps, sortSteps)
	on := map[string]float64{}
	sum := func() float64 {
		total := 0.0
		for _, n := range on {
			total += n
		}
		return total
	}
	i := 0
	for ; i < len(steps) && !steps[i].t.After(loss.t0); i++ {
		on[steps[i].node] = steps[i].n
	}
	lowest, at := sum(), loss.t0
	for ; i < len(steps) && steps[i].t.Before(to); i++ {
		on[steps[i].node] = steps[i].n
		if s := sum(); s < lowest {
			lowest, at = s, steps[i].t
		}
	}
	v.Evidence.Counts["lowest_surviving_ready"] = lowest
	v.Evidence.Counts["lost_pods"] = float64(loss.pods)
	if lowest < float64(want) {
		v.Status, v.Evidence.At = harness.Fail, []time.Time{at}
		v.Reason = fmt.Sprintf("with node %s lost (%d pods there), only %.0f ready pods were left on the other nodes %s into the fault phase, fewer than %d: too few replicas, or too many on one node",
			loss.node, loss.pods, lowest, at.Sub(from).Round(time.Second), want)
		return []harness.Verdict{v}
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("with node %s lost (%d pods there), ≥ %d ready pods stayed on the other nodes through the fault (lowest %.0f).",
		loss.node, loss.pods, want, lowest)
	return []harness.Verdict{v}
}
