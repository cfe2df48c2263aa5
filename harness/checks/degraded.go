package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// DefaultLossSettle is how long after a packet loss ends the target must
// be back at its SLO: a request that lost packets as the loss ended waits
// out TCP's retransmissions, 1 s and 2 s for a handshake (RFC 6298's
// initial timeout, doubled).
const DefaultLossSettle = 3 * time.Second

// DegradedNetwork judges a target under packet loss on its pods, a chaos
// experiment: TCP retransmits what is lost, so the requests must keep the
// availability SLO while the loss holds (by its Wilson interval), and the
// target must be back at it Settle after the loss ends. Latency is the
// loss's cost, stated against the baseline and not judged against the p99
// SLO: a lost handshake packet costs TCP's 1 s retransmission timeout on
// any server, which no target can win back.
type DegradedNetwork struct {
	// Availability is the SLO's.
	Availability float64
	// Loss is the probability a packet is dropped, for the verdict.
	Loss float64
	// Settle is DefaultLossSettle where zero.
	Settle time.Duration
}

var _ harness.Check = DegradedNetwork{}

// Item is ItemFailover: a degraded network is a chaos experiment.
func (DegradedNetwork) Item() string { return ItemFailover }

// Evaluate returns FAIL when the SLO was lost under the loss or after it.
func (c DegradedNetwork) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, heal, ok := outage(tl)
	if !ok {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "the run had no fault phase"}}
	}
	loss := fmt.Sprintf("%g%% packet loss", 100*c.Loss)
	under := tl.Summarize(from, heal)
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{From: from, To: heal, Counts: map[string]float64{
		"loss_s": heal.Sub(from).Seconds(), "loss_probability": c.Loss,
		"loss_p50_ms": ms(under.Latency.P50), "loss_p99_ms": ms(under.Latency.P99)}}}
	cost := ""
	if bfrom, bto, ok := span(tl, timeline.PhaseBaseline); ok {
		base := tl.Summarize(bfrom, bto)
		v.Evidence.Counts["baseline_p50_ms"], v.Evidence.Counts["baseline_p99_ms"] = ms(base.Latency.P50), ms(base.Latency.P99)
		cost = fmt.Sprintf("; its cost in latency: p50 %s → %s, p99 %s → %s (baseline → loss; a lost handshake packet waits out TCP's 1 s retransmission timeout, so p99 is not judged against the SLO)",
			round(base.Latency.P50), round(under.Latency.P50), round(base.Latency.P99), round(under.Latency.P99))
	}
	var facts, fails []string
	held := func(what string, s loadgen.Summary, key string) {
		if f, ok := holds(c.Availability, what, s.Judged, s.Successes, v.Evidence.Counts, key); ok {
			facts = append(facts, f)
		} else {
			fails = append(fails, f)
		}
	}
	held(fmt.Sprintf("under %s for %s the service", loss, heal.Sub(from).Round(time.Second)), under, "loss")
	settle := or(c.Settle, DefaultLossSettle)
	end := tl.Now()
	if _, to, ok := span(tl, timeline.PhaseRecovery); ok {
		end = to
	}
	held(fmt.Sprintf("from %s after the loss ended the service", settle), tl.Summarize(heal.Add(settle), end), "recovered")
	v.Status, v.Reason = harness.Pass, strings.Join(facts, "; ")+cost
	if len(fails) > 0 {
		v.Status, v.Reason = harness.Fail, strings.Join(fails, "; ")+cost
	}
	return []harness.Verdict{v}
}

func ms(d time.Duration) float64 { return float64(d.Milliseconds()) }

// round shows a latency to two significant figures or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

// holds judges judged requests, successes of them, against availability on
// its Wilson interval: met unless the interval lies wholly below it. Too
// few requests to judge is a miss too: nothing shows that the SLO held.
// It records the figures in counts under key.
func holds(availability float64, what string, judged, successes uint64, counts map[string]float64, key string) (string, bool) {
	counts[key+"_requests"] = float64(judged)
	if judged == 0 || judged < loadgen.MinSample(availability) {
		return fmt.Sprintf("%s had %d requests, fewer than the %d needed to judge %.2f%%", what, judged, loadgen.MinSample(availability), 100*availability), false
	}
	in := loadgen.Wilson(successes, judged)
	ratio := float64(successes) / float64(judged)
	counts[key+"_availability"] = ratio
	got := fmt.Sprintf("%.3f%% [%.3f, %.3f], %d of %d failed", 100*ratio, 100*in.Low, 100*in.High, judged-successes, judged)
	if in.High < availability {
		return fmt.Sprintf("%s fell to %s, below the %.2f%% SLO", what, got, 100*availability), false
	}
	return fmt.Sprintf("%s kept %s", what, got), true
}
