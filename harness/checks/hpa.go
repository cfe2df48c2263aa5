package checks

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// HPA judges autoscaling: under the fault phase's load the HPA's desired
// replicas reach Min and as many pods are Ready within Within; after the
// load the desired replicas come back down to Back within the HPA's own
// scale-down window (its behavior, 300 s by default) plus ScaleInLag. A
// run that ends before that deadline states the scale-in half as not
// judged rather than failing it.
type HPA struct {
	Name   string // the HorizontalPodAutoscaler
	Min    int
	Within time.Duration
	// Back is the replica count of the scale-in; zero takes the HPA's
	// minReplicas, a negative value skips the scale-in half.
	Back int
	// ScaleInLag is what the scale-in may take beyond the scale-down
	// window (DefaultScaleInLag).
	ScaleInLag time.Duration
}

// DefaultScaleInLag is the time past the HPA's scale-down window that a
// scale-in may take: one HPA sync period (15 s) for the recommendation,
// plus the metrics pipeline's lag behind the load's end — metrics-server's
// 15 s resolution and the 15 s over which the kubelet rates CPU usage.
const DefaultScaleInLag = 45 * time.Second

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
	backTo := c.Back
	if backTo == 0 {
		backTo = int(last(tl, "hpa/"+c.Name+"/min", 1))
	}
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
		if !out.IsZero() && back.IsZero() && !s.Time.Before(to) && s.Value <= float64(backTo) {
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
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("%d replicas ready in %s under load (peak desired %.0f)", c.Min, out.Sub(from).Round(time.Second), peak)
	if c.Back < 0 {
		v.Reason += "."
		return []harness.Verdict{v}
	}
	window := time.Duration(last(tl, "hpa/"+c.Name+"/scale_down_window_s", 300)) * time.Second
	lag := c.ScaleInLag
	if lag <= 0 {
		lag = DefaultScaleInLag
	}
	deadline := window + lag
	end := tl.Now()
	if _, e, ok := span(tl, timeline.PhaseRecovery); ok {
		end = e
	}
	v.Evidence.Counts["scale_in_deadline_s"] = deadline.Seconds()
	switch {
	case !back.IsZero():
		v.Evidence.At = append(v.Evidence.At, back)
		v.Evidence.Counts["scale_in_s"] = back.Sub(to).Seconds()
		v.Reason += fmt.Sprintf(" and came back to %d %s after it", backTo, back.Sub(to).Round(time.Second))
		if back.Sub(to) > deadline {
			v.Status = harness.Fail
			v.Reason += fmt.Sprintf(", later than its scale-down window %s + %s", window, lag)
		}
	case end.Sub(to) < deadline:
		v.Reason += fmt.Sprintf("; scale-in not judged: the run ended %s after the load, before the HPA's scale-down window %s + %s had passed",
			end.Sub(to).Round(time.Second), window, lag)
	default:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("scaled out to %.0f in %s but did not come back to %d within the HPA's scale-down window %s + %s after the load",
			peak, out.Sub(from).Round(time.Second), backTo, window, lag)
	}
	v.Reason += "."
	return []harness.Verdict{v}
}

// last is the latest sample of a series, or def when it has none.
func last(tl *timeline.Timeline, series string, def float64) float64 {
	ss := tl.Series(series)
	if len(ss) == 0 {
		return def
	}
	return ss[len(ss)-1].Value
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
