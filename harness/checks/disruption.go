package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// MinReady judges a disruption budget: throughout the fault phase (a
// drain), the ready endpoints behind the Service never fall below Min.
// Evictions the cluster refused are part of the evidence.
type MinReady struct {
	// Min is the least number of ready endpoints allowed; zero takes the
	// target's PodDisruptionBudget's own (its desired healthy pods as the
	// fault began), and a target no budget covers FAILs.
	Min int
	// Series is observed (default observe.SeriesEndpointsReady).
	Series string
	// ItemName overrides the item (default ItemPDB).
	ItemName string
}

var _ harness.Check = MinReady{}

// Item is the checklist item judged.
func (c MinReady) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemPDB
}

// Evaluate returns FAIL when the series dipped below Min.
func (c MinReady) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	series := c.Series
	if series == "" {
		series = observe.SeriesEndpointsReady
	}
	from, to, ok := span(tl, timeline.PhaseFault)
	if !ok {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "the run had no fault phase"}}
	}
	lo, hi, ok := tl.Range(series, from, to)
	if !ok {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "no samples of " + series + " during the fault phase"}}
	}
	refusals := tl.Events(timeline.OfKind(timeline.KindRefusal), timeline.Between(from, to))
	if c.Min == 0 {
		m, ok := pdbMin(tl, from)
		if !ok {
			return []harness.Verdict{{Item: c.Item(), Status: harness.Fail, Evidence: harness.Evidence{From: from, To: to,
				Counts: map[string]float64{"min_ready": lo, "max_ready": hi}},
				Reason: fmt.Sprintf("no PodDisruptionBudget covers the target: nothing kept the drain from taking its pods at once (ready endpoints fell to %.0f)", lo)}}
		}
		c.Min = m
	}
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{From: from, To: to, Counts: map[string]float64{
		"min_ready": lo, "max_ready": hi, "required": float64(c.Min), "refused_evictions": float64(len(refusals))}}}
	if blocked := drainBlocked(refusals); blocked.Message != "" {
		// A budget that lets no drain finish blocks every node upgrade.
		v.Status = harness.Fail
		v.Evidence.At = []time.Time{blocked.Time}
		v.Evidence.Objects = blocked.Objects
		v.Reason = fmt.Sprintf("the PDB blocks voluntary disruption: the drain could not finish in %s (%d pods of the target could not be evicted, %d evictions refused)",
			blocked.Attrs[node.AttrTimeout], podsIn(blocked.Objects), len(refusals))
		return []harness.Verdict{v}
	}
	if int(lo) < c.Min {
		v.Status = harness.Fail
		v.Evidence.At = below(tl, series, from, to, float64(c.Min))
		v.Reason = fmt.Sprintf("ready endpoints fell to %.0f during the drain, below the %d required (%d evictions refused)", lo, c.Min, len(refusals))
		return []harness.Verdict{v}
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("ready endpoints stayed ≥ %d through the drain (lowest %.0f); %d evictions were refused to keep it so", c.Min, lo, len(refusals))
	return []harness.Verdict{v}
}

// pdbMin is the desired healthy pods of the target's budgets as the fault
// began (the highest, when several cover it), and whether any was seen.
func pdbMin(tl *timeline.Timeline, at time.Time) (int, bool) {
	best, seen := 0, false
	for _, name := range tl.SeriesNames() {
		if !strings.HasPrefix(name, "pdb/") || !strings.HasSuffix(name, "/desired") {
			continue
		}
		for _, s := range tl.Series(name) {
			if s.Time.After(at) {
				break
			}
			best, seen = max(best, int(s.Value)), true
		}
	}
	return best, seen
}

// drainBlocked returns the event of a drain left incomplete at its deadline
// by evictions of the target's pods, or a zero event.
func drainBlocked(refusals []timeline.Event) timeline.Event {
	for _, e := range refusals {
		if strings.HasPrefix(e.Message, node.MsgDrainIncomplete) && podsIn(e.Objects) > 0 {
			return e
		}
	}
	return timeline.Event{}
}

// podsIn counts the pods among refs.
func podsIn(refs []timeline.Ref) int {
	n := 0
	for _, r := range refs {
		if r.Kind == "pod" {
			n++
		}
	}
	return n
}

// below returns the moments a series went under limit.
func below(tl *timeline.Timeline, series string, from, to time.Time, limit float64) []time.Time {
	var out []time.Time
	for _, s := range tl.Series(series) {
		if !s.Time.Before(from) && s.Time.Before(to) && s.Value < limit {
			out = append(out, s.Time)
		}
	}
	return out
}

// Failover judges losing part of the cluster (a node, the network): in the
// fault phase the service may not go dark — no DarkFor of consecutive load
// windows below MinWindow availability: some pods kept serving — and the
// recovery phase meets Recovery. A single window's dip is not darkness: the
// moment a node dies, the connections it held stall together.
type Failover struct {
	MinWindow float64 // e.g. 0.05
	Recovery  float64 // e.g. 0.99
	// DarkFor is how long windows must stay below MinWindow to count as
	// dark (default DefaultDarkFor).
	DarkFor time.Duration
	// ItemName overrides the item (default ItemSpread).
	ItemName string
}

// DefaultDarkFor is Failover's default DarkFor.
const DefaultDarkFor = 3 * time.Second

var _ harness.Check = Failover{}

// Item is the checklist item judged.
func (c Failover) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemSpread
}

// Evaluate returns FAIL when the service stopped answering.
func (c Failover) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, to, s, v, bad := faultLoad(tl, c.Item())
	if bad != nil {
		return bad
	}
	darkFor := c.DarkFor
	if darkFor <= 0 {
		darkFor = DefaultDarkFor
	}
	worst, under, dark := 1.0, 0, 0
	var run []time.Time // starts of the current run of windows below MinWindow
	var runFor, longest time.Duration
	for _, w := range tl.Windows() {
		if w.Start.Before(from) || !w.Start.Before(to) {
			continue
		}
		ws := tl.Summarize(w.Start, w.End)
		if ws.Judged == 0 {
			continue
		}
		worst = min(worst, ws.SuccessRatio)
		if ws.SuccessRatio >= c.MinWindow {
			run, runFor = nil, 0
			continue
		}
		under++
		run, runFor = append(run, w.Start), runFor+w.End.Sub(w.Start)
		longest = max(longest, runFor)
		if runFor >= darkFor {
			// A run that lasts counts whole, its first windows too.
			v.Evidence.At = append(v.Evidence.At, run...)
			dark += len(run)
			run = run[:0]
		}
	}
	v.Evidence.Counts["worst_window_availability"] = worst
	v.Evidence.Counts["windows_below_min"] = float64(under)
	v.Evidence.Counts["dark_windows"] = float64(dark)
	v.Evidence.Counts["longest_run_below_min_seconds"] = longest.Seconds()
	rs := tl.Summarize(recovery(tl))
	v.Evidence.Counts["recovery_availability"] = rs.SuccessRatio
	switch {
	case dark > 0:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("the service went dark: %d load windows below %.0f%% availability, the longest run %s (worst %.1f%%, %s) while part of the cluster was lost",
			dark, 100*c.MinWindow, longest.Round(time.Second), 100*worst, classes(s))
	case rs.Judged > 0 && rs.SuccessRatio < c.Recovery:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("the service did not recover: %.2f%% availability after the fault, below %.2f%% (%s)", 100*rs.SuccessRatio, 100*c.Recovery, failedOf(rs))
	default:
		v.Status = harness.Pass
		v.Reason = fmt.Sprintf("kept serving while part of the cluster was lost: never below %.0f%% for %s (worst window %.1f%%), %.2f%% overall",
			100*c.MinWindow, darkFor, 100*worst, 100*s.SuccessRatio)
	}
	return []harness.Verdict{v}
}

func recovery(tl *timeline.Timeline) (time.Time, time.Time) {
	from, to, _ := span(tl, timeline.PhaseRecovery)
	return from, to
}
