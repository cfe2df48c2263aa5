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
	// P99 is the maximum 99th-percentile latency; zero skips it.
	P99 time.Duration
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
		case c.P99 > 0 && s.Latency.P99 > c.P99:
			misses = append(misses, fmt.Sprintf("%s p99 %s > %s", p, s.Latency.P99.Round(time.Millisecond), c.P99))
		default:
			// The availability is a sample: judged on its 95 % Wilson
			// interval, a verdict near the target is not a coin flip.
			in := loadgen.Wilson(s.Successes, s.Judged)
			v.Evidence.Counts[p.String()+"_availability_low"] = in.Low
			v.Evidence.Counts[p.String()+"_availability_high"] = in.High
			got := fmt.Sprintf("%s %.3f%% [%.3f, %.3f]", p, 100*s.SuccessRatio, 100*in.Low, 100*in.High)
			switch {
			case in.High < c.Availability:
				misses = append(misses, fmt.Sprintf("%s availability %.3f%% < %.3f%%, 95%% interval [%.3f, %.3f] (%d of %d failed: %s)",
					p, 100*s.SuccessRatio, 100*c.Availability, 100*in.Low, 100*in.High, failures(s), s.Judged, classes(s)))
				v.Evidence.At = append(v.Evidence.At, failedWindows(tl, from, to)...)
			case in.Low < c.Availability:
				unsure = append(unsure, fmt.Sprintf("%s (%d of %d failed)", got, failures(s), s.Judged))
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
		if c.P99 > 0 {
			v.Reason += fmt.Sprintf(", p99 ≤ %s", c.P99)
		}
		v.Reason += "."
	}
	return []harness.Verdict{v}
}
