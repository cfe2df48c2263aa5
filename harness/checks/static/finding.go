package static

import (
	"fmt"
	"strings"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// finding collects what one item's judge found on one workload and makes
// it a verdict: PASS when no problem was found, FAIL otherwise.
type finding struct {
	item     string
	w        *workload
	problems []string
	counts   map[string]float64
	objects  []timeline.Ref
}

func newFinding(item string, w *workload) *finding { return &finding{item: item, w: w} }

// failf records a problem: a clause naming what is wrong and, where it is
// not obvious, why it matters.
func (f *finding) failf(format string, args ...any) {
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

// count records a number the verdict rests on.
func (f *finding) count(key string, v float64) {
	if f.counts == nil {
		f.counts = map[string]float64{}
	}
	f.counts[key] = v
}

// object records an object the verdict rests on besides the workload.
func (f *finding) object(r timeline.Ref) { f.objects = append(f.objects, r) }

// verdict returns FAIL naming every problem, or PASS with passReason.
func (f *finding) verdict(passReason string) harness.Verdict {
	v := harness.Verdict{
		Item: f.item, Status: harness.Pass, Reason: f.w.String() + ": " + passReason,
		Evidence: harness.Evidence{Counts: f.counts, Objects: append([]timeline.Ref{f.w.ref}, f.objects...)},
	}
	if len(f.problems) > 0 {
		v.Status, v.Reason = harness.Fail, f.w.String()+": "+strings.Join(f.problems, "; ")
	}
	return v
}

// passf formats a pass reason.
func (f *finding) passf(format string, args ...any) harness.Verdict {
	return f.verdict(fmt.Sprintf(format, args...))
}

// joinAnd joins clauses as "a, b and c".
func joinAnd(parts []string) string { return join(parts, " and ") }

// joinOr joins clauses as "a, b or c".
func joinOr(parts []string) string { return join(parts, " or ") }

func join(parts []string, last string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + last + parts[len(parts)-1]
}
