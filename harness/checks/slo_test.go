package checks

import (
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// pathsRun is a 30 s run whose windows carry two paths: "/" answers in
// fast (from second 10 on; 2 ms before) and "/slow" in 500 ms.
func pathsRun(fast time.Duration) *timeline.Timeline {
	now := t0
	tl := timeline.New(timeline.WithClock(func() time.Time { return now }))
	f := loadgen.NewFolder(t0, time.Second, nil)
	for ms := 0; ms < 30000; ms += 20 {
		lat := 2 * time.Millisecond
		if ms >= 10000 {
			lat = fast
		}
		f.Add(&vegeta.Result{Timestamp: t0.Add(time.Duration(ms) * time.Millisecond), Code: 200, Latency: lat, URL: "http://127.0.0.1:30080/"})
		f.Add(&vegeta.Result{Timestamp: t0.Add(time.Duration(ms) * time.Millisecond), Code: 200, Latency: 500 * time.Millisecond, URL: "http://127.0.0.1:30080/slow"})
	}
	ws := f.Close(t0.Add(30 * time.Second))
	for sec, w := range ws {
		now = t0.Add(time.Duration(sec) * time.Second)
		switch sec {
		case 0:
			tl.BeginPhase(timeline.PhaseBaseline)
		case 10:
			tl.BeginPhase(timeline.PhaseFault)
		case 20:
			tl.BeginPhase(timeline.PhaseRecovery)
		}
		tl.AddWindow(w)
	}
	now = t0.Add(30 * time.Second)
	tl.EndPhases()
	return tl
}

func TestSLOPerPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		slo    SLO
		fast   time.Duration
		want   harness.Status
		reason string
	}{
		{"every path within", SLO{Availability: 0.99, P99: 600 * time.Millisecond}, 2 * time.Millisecond, harness.Pass, "p99 ≤ 600ms on every path"},
		// 100× slower, yet below the slow path: one p99 over all paths
		// would not see it; the path's own SLO does.
		{"fast path 100× slower", SLO{Availability: 0.99, P99: 600 * time.Millisecond, PathP99: map[string]time.Duration{"/": 50 * time.Millisecond}},
			200 * time.Millisecond, harness.Fail, "fault p99 of / 200ms > 50ms"},
		{"slow path over the default", SLO{Availability: 0.99, P99: 400 * time.Millisecond, PathP99: map[string]time.Duration{"/": 50 * time.Millisecond}},
			2 * time.Millisecond, harness.Fail, "baseline p99 of /slow 500ms > 400ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := tc.slo.Evaluate(pathsRun(tc.fast))
			if len(vs) != 1 || vs[0].Status != tc.want || !strings.Contains(vs[0].Reason, tc.reason) {
				t.Errorf("got %s %q, want %s containing %q", vs[0].Status, vs[0].Reason, tc.want, tc.reason)
			}
		})
	}
}
