package checks

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// NoRestarts judges the probes: under the run's load no container may be
// restarted (a liveness probe that kills a busy app), and the run must have
// been judged on real traffic.
type NoRestarts struct{}

var _ harness.Check = NoRestarts{}

// Item is the checklist item judged.
func (NoRestarts) Item() string { return ItemProbes }

// Evaluate returns FAIL with the restarted containers as evidence.
func (c NoRestarts) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	return podEvents(tl, c.Item(), func(e timeline.Event) bool { return e.Message == "container restarted" },
		"%d container restart(s) under load, first %s at %s (last state: %s)",
		"no container restarted under %d requests")
}

// NoOOMKill judges resources: no container may be OOMKilled and no pod
// evicted under the run's load.
type NoOOMKill struct {
	// Headroom is the share of its memory limit a container's working set
	// must stay under (DefaultMemoryHeadroom); negative turns it off.
	Headroom float64
}

// DefaultMemoryHeadroom keeps a container's peak working set under 80 %
// of its memory limit: the limit is where the kernel OOM-kills, and the
// 20 % left is the margin for the next spike (a bigger request, a GC
// cycle, a cache) that this run's load did not make.
const DefaultMemoryHeadroom = 0.8

var _ harness.Check = NoOOMKill{}

// Item is the checklist item judged.
func (NoOOMKill) Item() string { return ItemResources }

// Evaluate returns FAIL with the killed containers as evidence, or when a
// container's memory peaked above the headroom; the peaks of memory and
// CPU against their limits are in the evidence.
func (c NoOOMKill) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	vs := podEvents(tl, c.Item(), func(e timeline.Event) bool {
		return e.Attrs[observe.AttrReason] == "OOMKilled" || e.Attrs[observe.AttrReason] == "Evicted"
	}, "%d container(s) OOMKilled or evicted under load, first %s at %s (%s)",
		"no container was OOMKilled or evicted under %d requests")
	v := &vs[0]
	if v.Status != harness.Pass {
		return vs
	}
	headroom := c.Headroom
	if headroom == 0 {
		headroom = DefaultMemoryHeadroom
	}
	mem, memOK := peak(tl, observe.SeriesMemoryOfLimit)
	cpu, cpuOK := peak(tl, observe.SeriesCPUOfLimit)
	if cpuOK {
		v.Evidence.Counts["cpu_peak_of_limit"] = cpu
	}
	switch {
	case !memOK:
		v.Reason += "; memory was not measured against a limit (none set, or no metrics API)"
	case headroom > 0 && mem > headroom:
		v.Evidence.Counts["memory_peak_of_limit"] = mem
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("a container's working set peaked at %.0f%% of its memory limit under load, above the %.0f%% that leaves room for the next spike",
			100*mem, 100*headroom)
		return vs
	default:
		v.Evidence.Counts["memory_peak_of_limit"] = mem
		v.Reason += fmt.Sprintf("; memory peaked at %.0f%% of its limit (≤ %.0f%%)", 100*mem, 100*headroom)
	}
	if cpuOK {
		v.Reason += fmt.Sprintf(", CPU at %.0f%% of its limit", 100*cpu)
	}
	return vs
}

// peak is the highest sample of a series, and whether it has one.
func peak(tl *timeline.Timeline, series string) (float64, bool) {
	ss := tl.Series(series)
	top := 0.0
	for _, s := range ss {
		top = max(top, s.Value)
	}
	return top, len(ss) > 0
}

func podEvents(tl *timeline.Timeline, item string, match func(timeline.Event) bool, failf, passf string) []harness.Verdict {
	start := tl.Start()
	var hits []timeline.Event
	for _, e := range tl.Events(timeline.OfKind(timeline.KindPod, timeline.KindKube), timeline.Between(start, tl.Now().Add(time.Second))) {
		if match(e) {
			hits = append(hits, e)
		}
	}
	s := tl.Summarize(start, tl.Now().Add(time.Second))
	v := harness.Verdict{Item: item, Evidence: harness.Evidence{From: start, To: tl.Now(), Counts: loadCounts(s)}}
	v.Evidence.Counts["events"] = float64(len(hits))
	if len(hits) > 0 {
		for _, e := range hits {
			v.Evidence.At = append(v.Evidence.At, e.Time)
			v.Evidence.Objects = append(v.Evidence.Objects, e.Objects...)
		}
		first := hits[0]
		why := first.Attrs[observe.AttrReason]
		if code := first.Attrs[observe.AttrExitCode]; code != "" {
			why += " exit " + code
		}
		v.Status, v.Reason = harness.Fail, fmt.Sprintf(failf, len(hits), refs(first.Objects), first.Time.Format(time.TimeOnly), why)
		return []harness.Verdict{v}
	}
	if s.Judged == 0 {
		return []harness.Verdict{noLoad(item, timeline.PhaseBaseline)}
	}
	v.Status, v.Reason = harness.Pass, fmt.Sprintf(passf, s.Judged)
	return []harness.Verdict{v}
}
