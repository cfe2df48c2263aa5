package harness

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// baselineCheck passes always and, with judges set, judges the baseline
// itself (as an SLO over every phase does).
type baselineCheck struct{ judges bool }

func (baselineCheck) Item() string { return "item" }
func (baselineCheck) Evaluate(*timeline.Timeline) []Verdict {
	return []Verdict{{Status: Pass, Reason: "held"}}
}
func (c baselineCheck) JudgesBaseline() bool { return c.judges }

func TestSickBaselineWithholdsPass(t *testing.T) {
	t.Parallel()
	// lossy loses one request of ten in every window, from the start.
	lossy := func(ctx context.Context, _ loadgen.Plan, emit func(loadgen.Window)) error {
		tk := time.NewTicker(windowEvery)
		defer tk.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case now := <-tk.C:
				emit(loadgen.Window{Start: now.Add(-windowEvery), End: now, Requests: 10,
					Errors: map[loadgen.Class]uint64{loadgen.ClassHTTP5xx: 1}})
			}
		}
	}
	for _, tc := range []struct {
		name   string
		gate   float64
		load   LoadFunc
		want   []Status
		reason string
	}{
		{"sick baseline", 0.99, lossy, []Status{Error, Pass, Fail}, "not healthy before the fault: the baseline lost"},
		{"gate off", 0, lossy, []Status{Pass, Pass, Fail}, "held"},
		{"healthy baseline", 0.99, fakeLoad(nil), []Status{Pass, Pass, Pass}, "held"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := scenario(At(0, &counter{name: "pod"}))
			s.Phases.Baseline = 200 * time.Millisecond
			s.Steady.MinSuccess, s.Steady.Windows, s.Steady.Baseline = 0.5, 1, tc.gate
			s.Checks = append([]Check{baselineCheck{}, baselineCheck{judges: true}}, s.Checks...)
			res, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(tc.load))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Verdicts) != 3 {
				t.Fatalf("verdicts %+v, want 3", res.Verdicts)
			}
			for i, v := range res.Verdicts {
				if v.Status != tc.want[i] {
					t.Errorf("check %d: %s %q, want %s", i, v.Status, v.Reason, tc.want[i])
				}
			}
			if r := res.Verdicts[0].Reason; !strings.Contains(r, tc.reason) {
				t.Errorf("reason %q, want %q", r, tc.reason)
			}
			// A FAIL stands on a sick baseline, with the baseline noted.
			if f := res.Verdicts[2]; tc.gate > 0 && tc.load != nil && f.Status == Fail && tc.name == "sick baseline" && !strings.Contains(f.Reason, "note: not healthy before the fault") {
				t.Errorf("fail reason %q: want the sick baseline noted", f.Reason)
			}
		})
	}
}
