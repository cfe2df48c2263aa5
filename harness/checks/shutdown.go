package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// GracefulShutdown judges voluntary disruptions (pod deletes, drains,
// rollouts) from the start of the fault phase until the last pod a fault hit
// in it is gone (a pod deleted late in the phase shuts down in the recovery
// phase): no request may fail, and no container may end by SIGKILL (exit 137
// other than an OOM kill) — the kubelet's answer to a pod that outlived its
// grace period.
type GracefulShutdown struct {
	// MaxFailed is how many failed requests are tolerated (default 0).
	MaxFailed uint64
}

var _ harness.Check = GracefulShutdown{}

// Item is the checklist item judged.
func (GracefulShutdown) Item() string { return ItemGracefulShutdown }

// Evaluate returns the verdict.
func (c GracefulShutdown) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, to, _, v, bad := faultLoad(tl, c.Item())
	if bad != nil {
		return bad
	}
	to = shutdownEnd(tl, from, to)
	s := tl.Summarize(from, to)
	v.Evidence.To, v.Evidence.Counts = to, loadCounts(s)
	kills := sigkills(tl, from, tl.Now().Add(time.Second))
	v.Evidence.Counts["sigkilled_containers"] = float64(len(kills))
	for _, e := range kills {
		v.Evidence.At = append(v.Evidence.At, e.Time)
		v.Evidence.Objects = append(v.Evidence.Objects, e.Objects...)
	}
	// Requests that failed while no endpoint was ready at all are lost
	// capacity (replicas, PDB, a disruption faster than the replacements),
	// not a shutdown that dropped its traffic: they are set apart.
	capacity := min(capacityLoss(tl, from, to), failures(s))
	v.Evidence.Counts["failed_without_ready_endpoints"] = float64(capacity)
	failed := failures(s) - capacity
	note := ""
	if capacity > 0 {
		note = fmt.Sprintf("; %d more failed while no endpoint was ready (capacity lost, not a shutdown failure)", capacity)
	}
	switch {
	case len(kills) > 0:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("%d container(s) were killed with SIGKILL (exit 137) during shutdown, first %s at %s: the grace period is shorter than the drain",
			len(kills), refs(kills[0].Objects), kills[0].Time.Format(time.TimeOnly))
	case failed > c.MaxFailed:
		v.Status = harness.Fail
		v.Evidence.At = failedWindows(tl, from, to)
		first, last := v.Evidence.At[0], v.Evidence.At[len(v.Evidence.At)-1].Add(time.Second)
		v.Reason = fmt.Sprintf("%d of %d requests failed while pods were shutting down (%s) between %s and %s%s%s",
			failed, s.Judged, classes(s), first.Format(clock), last.Format(clock), disrupted(tl, first, last), note)
	case capacity > 0:
		v.Status = harness.Error
		v.Reason = fmt.Sprintf("cannot judge the shutdown: %d of %d requests failed while no endpoint of the Service was ready — capacity lost, which replicas and the PDB answer for, not the shutdown", capacity, s.Judged)
	default:
		v.Status = harness.Pass
		v.Reason = fmt.Sprintf("%d requests through the disruptions, %d failed; no container was SIGKILLed", s.Judged, failed)
	}
	return []harness.Verdict{v}
}

// shutdownEnd extends the fault phase [from, to) to the moment the last pod
// a fault hit in it was gone, bounded by the end of the run's load.
func shutdownEnd(tl *timeline.Timeline, from, to time.Time) time.Time {
	hit := map[timeline.Ref]bool{}
	for _, e := range tl.Events(timeline.OfKind(timeline.KindInject), timeline.Between(from, to)) {
		for _, r := range e.Objects {
			if r.Kind == "pod" {
				hit[r] = true
			}
		}
	}
	end := to
	for _, e := range tl.Events(timeline.OfKind(timeline.KindPod), timeline.Between(to, tl.Now().Add(time.Second))) {
		if e.Message == observe.MsgPodDeleted && len(e.Objects) > 0 && hit[e.Objects[0]] && e.Time.After(end) {
			end = e.Time
		}
	}
	if ws := tl.Windows(); len(ws) > 0 && end.After(ws[len(ws)-1].End) {
		end = ws[len(ws)-1].End
	}
	return end
}

// capacityLoss counts the failed requests of the load windows in
// [from, to) that overlap a span with no ready endpoint behind the Service.
func capacityLoss(tl *timeline.Timeline, from, to time.Time) uint64 {
	type span struct{ from, to time.Time }
	var dark []span
	var open *span
	for _, smp := range tl.Series(observe.SeriesEndpointsReady) {
		switch {
		case smp.Value == 0 && open == nil:
			open = &span{from: smp.Time}
		case smp.Value > 0 && open != nil:
			open.to = smp.Time
			dark = append(dark, *open)
			open = nil
		}
	}
	if open != nil {
		open.to = tl.Now()
		dark = append(dark, *open)
	}
	var n uint64
	for _, w := range tl.Windows() {
		if w.Start.Before(from) || !w.Start.Before(to) {
			continue
		}
		for _, d := range dark {
			if w.Start.Before(d.to) && d.from.Before(w.End) {
				n += windowFailures(w)
				break
			}
		}
	}
	return n
}

// windowFailures counts a window's failed requests (cancelled ones aside).
func windowFailures(w loadgen.Window) uint64 {
	var n uint64
	for c, k := range w.Errors {
		if c != loadgen.ClassCanceled {
			n += k
		}
	}
	return n
}

// sigkills are container terminations with exit code 137 that were not OOM kills.
func sigkills(tl *timeline.Timeline, from, to time.Time) []timeline.Event {
	var out []timeline.Event
	for _, e := range tl.Events(timeline.OfKind(timeline.KindPod), timeline.Between(from, to)) {
		if e.Attrs[observe.AttrExitCode] == "137" && e.Attrs[observe.AttrReason] != "OOMKilled" {
			out = append(out, e)
		}
	}
	return out
}

// clock is how reasons print a moment.
const clock = "15:04:05.0"

// disrupted names the pods a fault hit in the 30 s before and during
// [from, to): ", while pod ns/a, ns/b were terminating".
func disrupted(tl *timeline.Timeline, from, to time.Time) string {
	var names []string
	seen := map[string]bool{}
	for _, e := range tl.Events(timeline.OfKind(timeline.KindInject), timeline.Between(from.Add(-30*time.Second), to)) {
		for _, r := range e.Objects {
			if r.Kind == "pod" && !seen[r.Name] {
				seen[r.Name] = true
				names = append(names, r.Namespace+"/"+r.Name)
			}
		}
	}
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 3:
		return fmt.Sprintf(", while pods %s and %d more were terminating", strings.Join(names[:3], ", "), len(names)-3)
	case len(names) == 1:
		return ", while pod " + names[0] + " was terminating"
	}
	return ", while pods " + strings.Join(names, ", ") + " were terminating"
}

func refs(rs []timeline.Ref) string {
	if len(rs) == 0 {
		return "a container"
	}
	return rs[0].String()
}
