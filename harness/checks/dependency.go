package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// Bars of the dependency checks.
const (
	// DefaultDependencySlack is what a request that uses a lost dependency
	// may take beyond the target's own timeout on it: the request's other
	// work and the HTTP round trip, with room for a busy 2-core node.
	DefaultDependencySlack = time.Second
	// DefaultDependencySettle is how long after the dependency returns the
	// target must be back at its SLO: its client's next call succeeds, and
	// a pod a probe took out is back behind the Service within a readiness
	// period and the endpoints' update (~2 s measured).
	DefaultDependencySettle = 5 * time.Second
	// minDependencySample is the fewest requests of a dependency path
	// whose latency an outage judges.
	minDependencySample = 20
)

// outage is the span a dependency was lost: from the fault phase's start
// (the fault's injection) to its first revert, or the phase's end.
func outage(tl *timeline.Timeline) (from, heal time.Time, ok bool) {
	from, to, ok := span(tl, timeline.PhaseFault)
	if !ok {
		return from, to, false
	}
	if rs := tl.Events(timeline.OfKind(timeline.KindRevert), timeline.Between(from, to)); len(rs) > 0 {
		return from, rs[0].Time, true
	}
	return from, to, true
}

// DependencyReady judges probes against a dependency's outage: the
// target's own pods are as healthy as before it, so none may leave the
// Service. A readiness probe that checks a dependency takes every pod out
// at once — the outage of one backend becomes the outage of every path.
type DependencyReady struct {
	// Series is observed (default observe.SeriesEndpointsReady).
	Series string
}

var _ harness.Check = DependencyReady{}

// Item is ItemProbes.
func (DependencyReady) Item() string { return ItemProbes }

// Evaluate returns FAIL when fewer endpoints were ready during the outage
// than as it began.
func (c DependencyReady) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	series := c.Series
	if series == "" {
		series = observe.SeriesEndpointsReady
	}
	from, heal, ok := outage(tl)
	if !ok {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "the run had no fault phase"}}
	}
	start, ok := valueAt(tl, series, from)
	lo, _, okRange := tl.Range(series, from, heal)
	if !ok || !okRange {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "no samples of " + series + " as the dependency was lost"}}
	}
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{From: from, To: heal,
		Counts: map[string]float64{"ready_at_start": start, "min_ready": lo}}}
	switch {
	case lo == 0 && start > 0:
		v.Status, v.Evidence.At = harness.Fail, below(tl, series, from, heal, start)
		v.Reason = fmt.Sprintf("every pod went unready when the dependency failed (ready endpoints %.0f → 0): a readiness probe that checks a dependency takes the whole Service down with it", start)
	case lo < start:
		v.Status, v.Evidence.At = harness.Fail, below(tl, series, from, heal, start)
		v.Reason = fmt.Sprintf("%.0f of %.0f pods went unready when the dependency failed: a readiness probe should not check a dependency", start-lo, start)
	default:
		v.Status = harness.Pass
		v.Reason = fmt.Sprintf("ready endpoints stayed at %.0f while the dependency was down %s", start, heal.Sub(from).Round(time.Second))
	}
	return []harness.Verdict{v}
}

// valueAt is a series' last value at or before t, else its first after.
func valueAt(tl *timeline.Timeline, series string, t time.Time) (float64, bool) {
	ss := tl.Series(series)
	if len(ss) == 0 {
		return 0, false
	}
	v := ss[0].Value
	for _, s := range ss {
		if s.Time.After(t) {
			break
		}
		v = s.Value
	}
	return v, true
}

// DependencyIsolation judges how a target degrades when a dependency is
// lost: the paths that use it fail fast — within the target's own timeout
// on it, plus slack — instead of hanging; the paths that do not keep the
// SLO; and from Settle after the dependency returns every path is back at
// the SLO.
type DependencyIsolation struct {
	// Availability is the SLO's.
	Availability float64
	// Paths are the request URIs that call the dependency.
	Paths []string
	// Timeout is the target's declared timeout on the dependency; Slack
	// (DefaultDependencySlack) and Settle (DefaultDependencySettle) as
	// above.
	Timeout, Slack, Settle time.Duration
}

var _ harness.Check = DependencyIsolation{}

// Item is ItemFailover: a dependency's outage is a chaos experiment.
func (DependencyIsolation) Item() string { return ItemFailover }

// Evaluate returns FAIL for a dependency path that hung, other paths that
// lost their SLO, or a target that did not come back.
func (c DependencyIsolation) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, heal, ok := outage(tl)
	if !ok || len(c.Paths) == 0 || c.Timeout <= 0 {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "no fault phase, or no dependency paths and timeout to judge"}}
	}
	bar := c.Timeout + or(c.Slack, DefaultDependencySlack)
	s := tl.Summarize(from, heal)
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{From: from, To: heal, Counts: map[string]float64{
		"outage_s": heal.Sub(from).Seconds(), "bar_ms": float64(bar.Milliseconds())}}}
	var fails, facts []string
	var other loadgen.PathSummary
	for _, path := range loadgen.SortedPaths(s.Paths) {
		ps := s.Paths[path]
		if !slices.Contains(c.Paths, path) {
			other.Judged += ps.Judged
			other.Successes += ps.Successes
			continue
		}
		p99 := ps.JudgedLatency.P99
		v.Evidence.Counts["outage_p99_ms "+path] = float64(p99.Milliseconds())
		v.Evidence.Counts["outage_failed "+path] = float64(ps.Judged - ps.Successes)
		switch {
		case ps.Judged < minDependencySample:
			return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Evidence: v.Evidence,
				Reason: fmt.Sprintf("%s had %d requests while the dependency was down, fewer than the %d its latency is judged on", path, ps.Judged, minDependencySample)}}
		case p99 > bar:
			fails = append(fails, fmt.Sprintf("requests hung for %s on %s while the dependency was down (p99; its timeout %s + %s slack allows %s; %d of %d failed)",
				p99.Round(100*time.Millisecond), path, c.Timeout, or(c.Slack, DefaultDependencySlack), bar, ps.Judged-ps.Successes, ps.Judged))
		default:
			facts = append(facts, fmt.Sprintf("%s answered within %s (p99, bar %s; %d of %d failed)", path, p99.Round(10*time.Millisecond), bar, ps.Judged-ps.Successes, ps.Judged))
		}
	}
	if len(facts)+len(fails) == 0 {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Evidence: v.Evidence,
			Reason: fmt.Sprintf("no requests to the dependency paths %s while it was down: the load does not use it", strings.Join(c.Paths, ", "))}}
	}
	if f, ok := c.held("the paths without the dependency", other, v.Evidence.Counts, "outage_other"); ok {
		facts = append(facts, f)
	} else {
		fails = append(fails, f)
	}
	// Recovery: every path, from Settle after the dependency returned to
	// the end of the run.
	settle := or(c.Settle, DefaultDependencySettle)
	end := tl.Now()
	if _, to, ok := span(tl, timeline.PhaseRecovery); ok {
		end = to
	}
	back := tl.Summarize(heal.Add(settle), end)
	all := loadgen.PathSummary{Judged: back.Judged, Successes: back.Successes}
	if f, ok := c.held(fmt.Sprintf("every path from %s after the dependency returned", settle), all, v.Evidence.Counts, "recovered"); ok {
		facts = append(facts, f)
	} else {
		fails = append(fails, f)
	}
	v.Status, v.Reason = harness.Pass, "while the dependency was down "+heal.Sub(from).Round(time.Second).String()+": "+strings.Join(facts, "; ")
	if len(fails) > 0 {
		v.Status, v.Reason = harness.Fail, strings.Join(fails, "; ")
	}
	return []harness.Verdict{v}
}

// held is holds for a path summary.
func (c DependencyIsolation) held(what string, s loadgen.PathSummary, counts map[string]float64, key string) (string, bool) {
	return holds(c.Availability, what, s.Judged, s.Successes, counts, key)
}
