package checks

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// span returns the time range of a phase, or of the whole run for
// timeline.Phase values the run did not have.
func span(tl *timeline.Timeline, p timeline.Phase) (from, to time.Time, ok bool) {
	s, ok := tl.Span(p)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	end := s.End
	if end.IsZero() {
		end = tl.Now()
	}
	return s.Start, end, true
}

// failures counts the judged requests that failed in a summary.
func failures(s loadgen.Summary) uint64 { return s.Judged - s.Successes }

// failedOf says "N of M failed", followed by how when any did:
// "4 of 680 failed: 4 timeout".
func failedOf(s loadgen.Summary) string {
	out := fmt.Sprintf("%d of %d failed", failures(s), s.Judged)
	if c := classes(s); c != "" {
		out += ": " + c
	}
	return out
}

// failedWindows lists the starts of the windows in [from, to) with failures.
func failedWindows(tl *timeline.Timeline, from, to time.Time) []time.Time {
	var out []time.Time
	for _, w := range tl.Windows() {
		if w.Start.Before(from) || !w.Start.Before(to) {
			continue
		}
		var bad uint64
		for c, n := range w.Errors {
			if c != loadgen.ClassCanceled {
				bad += n
			}
		}
		if bad > 0 {
			out = append(out, w.Start)
		}
	}
	return out
}

// classes renders failures by class, largest first: "12 reset, 3 refused".
func classes(s loadgen.Summary) string {
	type kv struct {
		c loadgen.Class
		n uint64
	}
	var list []kv
	for c, n := range s.Errors {
		if n > 0 && c != loadgen.ClassCanceled {
			list = append(list, kv{c, n})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].n > list[j].n })
	var parts []string
	for _, e := range list {
		parts = append(parts, fmt.Sprintf("%d %s", e.n, e.c))
	}
	return strings.Join(parts, ", ")
}

// loadCounts is the evidence of a load summary.
func loadCounts(s loadgen.Summary) map[string]float64 {
	m := map[string]float64{
		"requests": float64(s.Judged), "failed": float64(failures(s)),
		"availability": s.SuccessRatio, "p99_ms": float64(s.Latency.P99.Microseconds()) / 1000,
	}
	for c, n := range s.Errors {
		if n > 0 {
			m["failed_"+c.String()] = float64(n)
		}
	}
	return m
}

// noLoad is the verdict when a phase carried no judged requests.
func noLoad(item string, p timeline.Phase) harness.Verdict {
	return harness.Verdict{Item: item, Status: harness.Error,
		Reason: fmt.Sprintf("no requests were judged in the %s phase: the load did not reach the target", p)}
}

// faultLoad summarizes the fault phase's load and starts the verdict with it;
// when there is no fault phase or no judged request it returns the ERROR
// verdict to give instead.
func faultLoad(tl *timeline.Timeline, item string) (from, to time.Time, s loadgen.Summary, v harness.Verdict, bad []harness.Verdict) {
	from, to, ok := span(tl, timeline.PhaseFault)
	if !ok {
		return from, to, s, v, []harness.Verdict{{Item: item, Status: harness.Error, Reason: "the run had no fault phase"}}
	}
	s = tl.Summarize(from, to)
	if s.Judged == 0 {
		return from, to, s, v, []harness.Verdict{noLoad(item, timeline.PhaseFault)}
	}
	v = harness.Verdict{Item: item, Evidence: harness.Evidence{From: from, To: to, Counts: loadCounts(s)}}
	return from, to, s, v, nil
}
