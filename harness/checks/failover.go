package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// Bars of NodeFailover, from Kubernetes' own behaviour.
const (
	// DefaultNodeMonitorGrace is kube-controller-manager's
	// --node-monitor-grace-period since Kubernetes 1.32 (50 s): how long a
	// silent node stays Ready.
	DefaultNodeMonitorGrace = 50 * time.Second
	// DefaultFailoverSlack is what follows the grace before the lost pods
	// leave the Service: the node lifecycle controller's 5 s monitor
	// period, then the pods' Ready condition and the EndpointSlice update
	// (the endpoint controller batches for up to 1 s) — 10 s in all.
	DefaultFailoverSlack = 10 * time.Second
	// DefaultFailoverSettle is how long after the endpoints change the
	// SLO is judged again: kube-proxy programmes the change on every node
	// (measured up to 5 s on a busy 2-core host).
	DefaultFailoverSettle = 5 * time.Second
)

// The moments of a node loss a report marks (Evidence.Moments).
const (
	MomentNodeLost     = "T0 node lost"
	MomentNotReady     = "T_nr node NotReady"
	MomentEndpointsOut = "T_ep lost pods out of the Service"
)

// NodeFailover judges HA & failover on the physics of a lost node: T0 the
// node was lost (its container down, else the fault's injection), T_nr it turned NotReady, T_ep the
// pods it held left the Service's ready endpoints. PASS needs the failover
// (T_ep − T0) within the node-monitor grace plus slack, the SLO held from
// T_ep + settle to the end of the fault phase, and recovery at Recovery.
// A Service that never drops the lost pods (publishNotReadyAddresses, a
// readiness that ignores the node) never fails over and FAILs.
type NodeFailover struct {
	// SLO is held after the failover (availability and p99).
	SLO SLO
	// Recovery is the availability the recovery phase must reach.
	Recovery float64
	// Grace, Slack and Settle default to DefaultNodeMonitorGrace,
	// DefaultFailoverSlack and DefaultFailoverSettle.
	Grace, Slack, Settle time.Duration
	// ItemName overrides the item (default ItemFailover).
	ItemName string
}

var _ harness.Check = NodeFailover{}

// Item is the checklist item judged.
func (c NodeFailover) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemFailover
}

// Evaluate finds T0, T_nr and T_ep on the timeline and judges the phases
// around them.
func (c NodeFailover) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, to, _, v, bad := faultLoad(tl, c.Item())
	if bad != nil {
		return bad
	}
	grace, slack, settle := or(c.Grace, DefaultNodeMonitorGrace), or(c.Slack, DefaultFailoverSlack), or(c.Settle, DefaultFailoverSettle)
	loss, ok := nodeLoss(tl, from, to)
	if !ok {
		v.Status, v.Reason = harness.Error, "the fault did not take effect: no node with pods of the target was lost in the fault phase"
		return []harness.Verdict{v}
	}
	v.Evidence.At = []time.Time{loss.t0}
	v.Evidence.Counts["lost_pods"] = float64(loss.pods)
	v.Evidence.Moments = map[string]time.Time{MomentNodeLost: loss.t0}
	if !loss.tep.IsZero() {
		v.Evidence.Moments[MomentEndpointsOut] = loss.tep
	}
	if !loss.tnr.IsZero() {
		v.Evidence.Moments[MomentNotReady] = loss.tnr
		v.Evidence.Counts["node_notready_seconds"] = loss.tnr.Sub(loss.t0).Seconds()
	}
	before := tl.Summarize(loss.t0, orTime(loss.tep, to))
	v.Evidence.Counts["availability_before_failover"] = before.SuccessRatio
	if loss.tep.IsZero() {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("failover did not happen: the %d lost pods stayed ready endpoints of the Service for %s after the node was lost, to the end of the fault phase (%.2f%% availability meanwhile)",
			loss.pods, to.Sub(loss.t0).Round(time.Second), 100*before.SuccessRatio)
		return []harness.Verdict{v}
	}
	failover := loss.tep.Sub(loss.t0)
	v.Evidence.Counts["failover_seconds"] = failover.Seconds()
	v.Evidence.At = append(v.Evidence.At, loss.tep)
	if failover > grace+slack {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("failover took %s, beyond the node-monitor grace %s + %s", failover.Round(time.Second), grace, slack)
		return []harness.Verdict{v}
	}
	// The failed-over state lasts until the lost pods come back (ready
	// endpoints rise again when the node returns); their return is the
	// recovery's business, judged there.
	end := to
	if !loss.back.IsZero() && loss.back.Before(to) {
		end = loss.back
		v.Evidence.At = append(v.Evidence.At, loss.back)
	}
	after := tl.Summarize(loss.tep.Add(settle), end)
	for k, x := range loadCounts(after) {
		v.Evidence.Counts["after_failover_"+k] = x
	}
	rs := tl.Summarize(recovery(tl))
	v.Evidence.Counts["recovery_availability"] = rs.SuccessRatio
	target := c.SLO.Availability
	switch {
	case !after.Enough(target):
		v.Status = harness.Error
		v.Reason = fmt.Sprintf("too few requests after failover to judge: %d from %s after the endpoints changed until the lost pods returned or the fault phase ended, %d needed for %.2f%%",
			after.Judged, settle, loadgen.MinSample(target), 100*target)
	case wilson(after).High < target:
		in := wilson(after)
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("after failover the service kept %.2f%% availability [%.2f, %.2f], below the SLO's %.2f%% (%s)",
			100*after.SuccessRatio, 100*in.Low, 100*in.High, 100*target, failedOf(after))
	case wilson(after).Low < target:
		in := wilson(after)
		v.Status = harness.Inconclusive
		v.Reason = fmt.Sprintf("failed over in %s, but cannot tell whether the SLO held after it: %.2f%% availability, 95%% interval [%.2f, %.2f] spans %.2f%% (%s)",
			failover.Round(time.Second), 100*after.SuccessRatio, 100*in.Low, 100*in.High, 100*target, failedOf(after))
	case c.SLO.P99 > 0 && after.Latency.P99 > c.SLO.P99:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("after failover p99 %s, above the SLO's %s", after.Latency.P99.Round(time.Millisecond), c.SLO.P99)
	case !rs.Enough(c.Recovery):
		v.Status = harness.Error
		v.Reason = fmt.Sprintf("too few requests in the recovery phase to judge: %d, %d needed for %.2f%%", rs.Judged, loadgen.MinSample(c.Recovery), 100*c.Recovery)
	case rs.SuccessRatio < c.Recovery:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("the service did not recover: %.2f%% availability after the fault, below %.2f%% (%s)", 100*rs.SuccessRatio, 100*c.Recovery, failedOf(rs))
	default:
		v.Status = harness.Pass
		v.Reason = fmt.Sprintf("failed over in %s (node NotReady after %s; grace %s + %s): %.2f%% availability before failover, %.2f%% after with p99 %s, %.2f%% in recovery",
			failover.Round(time.Second), since(loss.t0, loss.tnr), grace, slack, 100*before.SuccessRatio,
			100*after.SuccessRatio, after.Latency.P99.Round(time.Millisecond), 100*rs.SuccessRatio)
	}
	return []harness.Verdict{v}
}

// lostNode is what a node loss looked like from one target.
type lostNode struct {
	t0, tnr, tep time.Time
	// back is when the ready endpoints first rose again after tep: the
	// lost pods returning with their node.
	back time.Time
	node string
	pods int
}

// nodeLoss finds the first node fault of [from, to) that struck pods of
// the target (the harness's reach note), when the node turned NotReady,
// when the ready endpoints first fell by the pods it held and when they
// first rose again after that.
func nodeLoss(tl *timeline.Timeline, from, to time.Time) (lostNode, bool) {
	var l lostNode
	for _, e := range tl.Events(func(e timeline.Event) bool {
		return e.Kind == timeline.KindNote && e.Source == "harness" && e.Attrs[harness.AttrReached] != ""
	}) {
		n, _ := strconv.Atoi(e.Attrs[harness.AttrReached])
		if n == 0 || e.Time.Before(from) || !e.Time.Before(to) || len(e.Objects) == 0 {
			continue
		}
		l = lostNode{t0: e.Time, node: e.Objects[0].Name, pods: n}
		break
	}
	if l.pods == 0 {
		return l, false
	}
	// The node is lost when its container is down, not when the harness
	// asked for it (`docker stop` takes up to 10 s).
	for _, e := range tl.Events(func(e timeline.Event) bool { return strings.HasPrefix(e.Message, node.MsgNodeDown) }) {
		if !e.Time.Before(l.t0) && len(e.Objects) > 0 && e.Objects[0].Name == l.node {
			l.t0 = e.Time
			break
		}
	}
	for _, e := range tl.Events(func(e timeline.Event) bool { return e.Message == "node NotReady" }) {
		if !e.Time.Before(l.t0) && len(e.Objects) > 0 && e.Objects[0].Name == l.node {
			l.tnr = e.Time
			break
		}
	}
	var ready0 float64
	for _, s := range tl.Series(observe.SeriesEndpointsReady) {
		if !s.Time.After(l.t0) {
			ready0 = s.Value
			continue
		}
		if !s.Time.Before(to) {
			break
		}
		if l.tep.IsZero() && s.Value <= ready0-float64(l.pods) {
			l.tep = s.Time
			ready0 = s.Value
			continue
		}
		if !l.tep.IsZero() {
			if s.Value > ready0 {
				l.back = s.Time
				break
			}
			ready0 = min(ready0, s.Value)
		}
	}
	return l, true
}

// wilson is the 95 % interval of a summary's availability.
func wilson(s loadgen.Summary) loadgen.Interval { return loadgen.Wilson(s.Successes, s.Judged) }

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func orTime(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

// since renders t − t0, or "not seen" when t is zero.
func since(t0, t time.Time) string {
	if t.IsZero() {
		return "not seen"
	}
	return t.Sub(t0).Round(time.Second).String()
}
