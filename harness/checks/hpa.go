package checks

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// HPA judges autoscaling: under the fault phase's load the HPA's desired
// replicas reach Min and as many pods are Ready within Within, and after
// the load the desired replicas come back down to Back (zero skips that
// part).
type HPA struct {
	Name   string // the HorizontalPodAutoscaler
	Min    int
	Within time.Duration
	Back   int
}

var _ harness.Check = HPA{}

// Item is the checklist item judged.
func (HPA) Item() string { return ItemHPA }

// Evaluate returns the verdict with the times of scale-out and scale-in.
func (c HPA) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	series := "hpa/" + c.Name + "/desired"
	from, to, ok := span(tl, timeline.PhaseFault)
	if !ok {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "the run had no fault phase"}}
	}
	samples := tl.Series(series)
	if len(samples) == 0 {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Fail,
			Reason: fmt.Sprintf("HorizontalPodAutoscaler %q was never observed: the workload has no autoscaler", c.Name)}}
	}
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{From: from, To: tl.Now(), Counts: map[string]float64{
		"required": float64(c.Min), "within_s": c.Within.Seconds()}}}
	var out, back time.Time
	peak := 0.0
	for _, s := range samples {
		if s.Time.Before(from) {
			continue
		}
		peak = max(peak, s.Value)
		if out.IsZero() && s.Value >= float64(c.Min) {
			out = s.Time
		}
		if !out.IsZero() && back.IsZero() && !s.Time.Before(to) && s.Value <= float64(c.Back) {
			back = s.Time
		}
	}
	v.Evidence.Counts["peak_desired"] = peak
	if out.IsZero() || out.Sub(from) > c.Within {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("desired replicas reached %.0f, not %d within %s of the load (the autoscaler could not scale: %s)",
			peak, c.Min, c.Within, hpaWhy(tl, from))
		return []harness.Verdict{v}
	}
	// Desired replicas are a wish: the scale-out counts once they serve.
	ready, readyPeak := time.Time{}, 0.0
	for _, s := range tl.Series(observe.SeriesPodsReady) {
		if s.Time.Before(from) {
			readyPeak = s.Value // the count the phase began with
			if s.Value >= float64(c.Min) {
				ready = from
			} else {
				ready = time.Time{}
			}
			continue
		}
		if !ready.IsZero() {
			break
		}
		readyPeak = max(readyPeak, s.Value)
		if s.Value >= float64(c.Min) {
			ready = s.Time
			break
		}
	}
	v.Evidence.Counts["peak_ready"] = readyPeak
	if ready.IsZero() || ready.Sub(from) > c.Within {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("desired replicas reached %d in %s, but at most %.0f pods were ready within %s of the load: the new replicas did not serve in time",
			c.Min, out.Sub(from).Round(time.Second), readyPeak, c.Within)
		return []harness.Verdict{v}
	}
	out = ready
	v.Evidence.At = []time.Time{out}
	v.Evidence.Counts["scale_out_s"] = out.Sub(from).Seconds()
	if c.Back > 0 && back.IsZero() {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("scaled out to %.0f in %s but did not come back to %d after the load", peak, out.Sub(from).Round(time.Second), c.Back)
		return []harness.Verdict{v}
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("%d replicas ready in %s under load (peak desired %.0f)", c.Min, out.Sub(from).Round(time.Second), peak)
	if !back.IsZero() {
		v.Evidence.At = append(v.Evidence.At, back)
		v.Evidence.Counts["scale_in_s"] = back.Sub(to).Seconds()
		v.Reason += fmt.Sprintf(" and came back to %d %s after it", c.Back, back.Sub(to).Round(time.Second))
	}
	v.Reason += "."
	return []harness.Verdict{v}
}

// hpaWhy quotes the autoscaler's own complaint, if Kubernetes recorded one.
func hpaWhy(tl *timeline.Timeline, from time.Time) string {
	for _, e := range tl.Events(timeline.OfKind(timeline.KindKube), timeline.Between(from.Add(-time.Minute), tl.Now())) {
		for _, o := range e.Objects {
			if o.Kind == "horizontalpodautoscaler" {
				return e.Message
			}
		}
	}
	return "no metrics or no CPU requests"
}
