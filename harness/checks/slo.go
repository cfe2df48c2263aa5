package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// SLO judges availability and latency per phase against targets.
type SLO struct {
	// Availability is the minimum success ratio, e.g. 0.999.
	Availability float64
	// P99 is the maximum 99th-percentile latency; zero skips it. With
	// the load's paths known, each path is held to it on its own (a fast
	// path's slowdown does not hide behind a slow path).
	P99 time.Duration
	// PathP99 overrides P99 for a path, by request URI ("/cart?id=1").
	PathP99 map[string]time.Duration
	// Phases are judged (default baseline, fault, recovery).
	Phases []timeline.Phase
	// ItemName overrides the item (default ItemSLO).
	ItemName string
}

var _ harness.Check = SLO{}

// Item is the checklist item judged.
func (c SLO) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemSLO
}

// minLatencySample is the fewest successful requests of a path whose p99
// a phase judges: with fewer, the "99th percentile" is the maximum.
const minLatencySample = 100

// latencyMisses judges a phase's p99, per path when the load's windows
// carry them, adds each path's p99 to counts and any miss to misses; it
// returns whether there was one.
func (c SLO) latencyMisses(p timeline.Phase, s loadgen.Summary, counts map[string]float64, misses *[]string) bool {
	if len(s.Paths) == 0 {
		if c.P99 > 0 && s.Latency.P99 > c.P99 {
			*misses = append(*misses, fmt.Sprintf("%s p99 %s > %s", p, s.Latency.P99.Round(time.Millisecond), c.P99))
			return true
		}
		return false
	}
	missed := false
	for _, path := range loadgen.SortedPaths(s.Paths) {
		ps := s.Paths[path]
		counts[p.String()+"_p99_ms "+path] = float64(ps.Latency.P99.Microseconds()) / 1000
		limit, ok := c.PathP99[path]
		if !ok {
			limit = c.P99
		}
		if limit <= 0 || ps.Successes < minLatencySample || ps.Latency.P99 <= limit {
			continue
		}
		*misses = append(*misses, fmt.Sprintf("%s p99 of %s %s > %s", p, path, ps.Latency.P99.Round(time.Millisecond), limit))
		missed = true
	}
	return missed
}

// JudgesBaseline is true when the baseline is one of the judged phases: a
// baseline that misses the SLO is this check's finding.
func (c SLO) JudgesBaseline() bool {
	return len(c.Phases) == 0 || slices.Contains(c.Phases, timeline.PhaseBaseline)
}

// Evaluate returns FAIL when any phase misses a target, SKIP when a phase
// had too few requests to judge the availability target at all.
func (c SLO) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	phases := c.Phases
	if len(phases) == 0 {
		phases = []timeline.Phase{timeline.PhaseBaseline, timeline.PhaseFault, timeline.PhaseRecovery}
	}
	v := harness.Verdict{Item: c.Item(), Status: harness.Pass, Evidence: harness.Evidence{Counts: map[string]float64{}}}
	var misses, unsure, thin, met []string
	for _, p := range phases {
		from, to, ok := span(tl, p)
		if !ok {
			continue
		}
		s := tl.Summarize(from, to)
		for k, x := range loadCounts(s) {
			v.Evidence.Counts[p.String()+"_"+k] = x
		}
		if v.Evidence.From.IsZero() {
			v.Evidence.From = from
		}
		v.Evidence.To = to
		switch {
		case s.Judged == 0 || (c.Availability < 1 && !s.Enough(c.Availability)):
			thin = append(thin, fmt.Sprintf("%s had %d requests, fewer than the %d needed to judge %.2f%%",
				p, s.Judged, loadgen.MinSample(c.Availability), 100*c.Availability))
		case c.latencyMisses(p, s, v.Evidence.Counts, &misses):
		default:
			// The availability is a sample: judged on its 95 % Wilson
			// interval, a verdict near the target is not a coin flip.
			in := loadgen.Wilson(s.Successes, s.Judged)
			v.Evidence.Counts[p.String()+"_availability_low"] = in.Low
			v.Evidence.Counts[p.String()+"_availability_high"] = in.High
			got := fmt.Sprintf("%s %.3f%% [%.3f, %.3f]", p, 100*s.SuccessRatio, 100*in.Low, 100*in.High)
			switch {
			case in.High < c.Availability:
				misses = append(misses, fmt.Sprintf("%s availability %.3f%% < %.3f%%, 95%% interval [%.3f, %.3f] (%s)",
					p, 100*s.SuccessRatio, 100*c.Availability, 100*in.Low, 100*in.High, failedOf(s)))
				v.Evidence.At = append(v.Evidence.At, failedWindows(tl, from, to)...)
			case in.Low < c.Availability:
				unsure = append(unsure, fmt.Sprintf("%s (%s)", got, failedOf(s)))
			default:
				met = append(met, got)
			}
		}
	}
	switch {
	case len(misses) > 0:
		v.Status, v.Reason = harness.Fail, "SLO missed: "+strings.Join(misses, "; ")+"."
	case len(unsure) > 0:
		v.Status, v.Reason = harness.Inconclusive, fmt.Sprintf("cannot tell whether %.2f%% held: the 95%% interval of %s spans it; a longer phase would decide.",
			100*c.Availability, strings.Join(unsure, "; "))
	case len(thin) > 0:
		v.Status, v.Reason = harness.Skip, "too few requests to judge: "+strings.Join(thin, "; ")+"."
	case len(met) == 0:
		v.Status, v.Reason = harness.Error, "the run had none of the phases to judge"
	default:
		v.Reason = fmt.Sprintf("availability ≥ %.2f%% in every phase, by the lower bound of its 95%% interval (%s)", 100*c.Availability, strings.Join(met, ", "))
		switch {
		case len(c.PathP99) > 0:
			v.Reason += fmt.Sprintf(", p99 of each path within its SLO (default %s)", c.P99)
		case c.P99 > 0:
			v.Reason += fmt.Sprintf(", p99 ≤ %s on every path", c.P99)
		}
		v.Reason += "."
	}
	return []harness.Verdict{v}
}
