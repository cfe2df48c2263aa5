package harness

import (
	"bytes"
	"context"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func goldenScenario() Scenario {
	return Scenario{
		Name:   "shop survives chaos",
		Target: Target{Namespace: "shop", Selector: map[string]string{"app": "web", "tier": "front"}, Service: "web", Port: 30080, Path: "/healthz"},
		Load:   loadgen.Plan{Pacing: loadgen.Constant{Rate: loadgen.PerSecond(50)}},
		Steady: Steady{MinReady: 3},
		Phases: Phases{Baseline: 30 * time.Second, Fault: 2 * time.Minute, Recovery: 30 * time.Second},
		Schedule: Schedule{Seed: 42, Steps: []Step{
			At(10*time.Second, pod.Delete{Count: 1}),
			Every(45*time.Second, pod.Kill{Container: "app"}).For(5 * time.Second),
			Randomly(2, node.Stop{}).For(20 * time.Second),
			At(time.Minute, network.Loss{Scope: network.Scope{Pods: true, Count: 2}, Probability: 0.3,
				Peers: []netip.Prefix{netip.MustParsePrefix("10.244.0.0/16")}}).For(15 * time.Second),
		}},
		Checks: []Check{CheckFunc("availability", func(*timeline.Timeline) []Verdict { return nil })},
	}
}

func TestDryRunGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	res, err := Run(context.Background(), nil, goldenScenario(), DryRun(&buf))
	if err != nil || res != nil {
		t.Fatalf("Run = %v, %v; want no result and no error", res, err)
	}
	golden := filepath.Join("testdata", "dryrun.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("dry run output (-want +got):\n%s", diff)
	}
}

func TestRunNeedsACluster(t *testing.T) {
	t.Parallel()
	if _, err := Run(context.Background(), nil, goldenScenario()); err != ErrNoCluster {
		t.Fatalf("Run without cluster = %v, want ErrNoCluster", err)
	}
}
