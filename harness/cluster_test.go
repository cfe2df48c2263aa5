package harness_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// nodePort is the NodePort kind maps to the same port on 127.0.0.1
// (cmd/resilience cluster up -port; GOLIVE_NODEPORT overrides 30080).
func nodePort(t *testing.T) int32 {
	if v := os.Getenv("GOLIVE_NODEPORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("GOLIVE_NODEPORT: %v", err)
		}
		return int32(p)
	}
	return 30080
}

// TestClusterRun runs a whole scenario on the real cluster: load through
// the NodePort on 127.0.0.1, two pod deletions, recovery; the run must
// observe the faults' effects, recover and leave nothing behind.
func TestClusterRun(t *testing.T) {
	c, env, _ := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	port := nodePort(t)
	clustertest.Deploy(t, env, ns, img, 3, port)
	before := clustertest.Before(t, env, ns)
	s := harness.Scenario{
		Name:   "cluster run",
		Target: harness.Target{Namespace: ns, Selector: clustertest.Sel(), Service: "target", Port: int(port)},
		Load:   loadgen.Plan{Pacing: loadgen.Constant{Rate: loadgen.PerSecond(20)}, Timeout: 2 * time.Second},
		Steady: harness.Steady{MinSuccess: 0.95},
		Phases: harness.Phases{Baseline: 5 * time.Second, Fault: 20 * time.Second, Recovery: 5 * time.Second},
		Schedule: harness.Schedule{Seed: 3, Steps: []harness.Step{
			harness.At(2*time.Second, pod.Delete{}), harness.At(10*time.Second, pod.Delete{Force: true}),
		}},
		Checks: []harness.Check{harness.CheckFunc("observability", func(tl *timeline.Timeline) []harness.Verdict {
			return []harness.Verdict{{Status: harness.Pass, Reason: "counted", Evidence: harness.Evidence{
				Counts: map[string]float64{"windows": float64(len(tl.Windows()))}}}}
		})},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := harness.Run(ctx, c, s)
	if err != nil {
		t.Fatal(err)
	}
	effects := res.Timeline.Events(timeline.OfKind(timeline.KindEffect))
	if len(effects) != 2 || !res.Recovered || len(res.Verdicts) != 1 {
		t.Errorf("effects %d, recovered %v, verdicts %+v; want 2, true, one verdict", len(effects), res.Recovered, res.Verdicts)
	}
	for _, p := range []timeline.Phase{timeline.PhaseBaseline, timeline.PhaseFault, timeline.PhaseRecovery} {
		span, _ := res.Timeline.Span(p)
		sum := res.Timeline.Summarize(span.Start, span.End)
		t.Logf("%-8s %4d requests, success %.3f, p99 %s", p, sum.Requests, sum.SuccessRatio, sum.Latency.P99)
		if sum.Requests == 0 {
			t.Errorf("no load in the %s phase", p)
		}
	}
	for _, in := range res.Injections {
		t.Logf("injection #%d %s lag %s error %q", in.Index, in.Fault, in.Lag, in.Error)
		if in.Lag > 100*time.Millisecond {
			t.Errorf("injection #%d started %s late, want within 100ms", in.Index, in.Lag)
		}
	}
	clustertest.Restored(t, env, ns, before)
}
