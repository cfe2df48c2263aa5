package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestDryRunGolden: `run -dry-run` prints the plan of every scenario and
// touches no cluster, engine or compiler.
func TestDryRunGolden(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// A plan names what it will do, never a Go pointer.
	if strings.Contains(stdout, "0x") {
		t.Errorf("the plan prints a pointer:\n%s", stdout)
	}
	got := stdout
	golden := filepath.Join("testdata", "dryrun.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("dry run (-want +got):\n%s", diff)
	}
}

func TestDryRunOverrides(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"),
		"-cluster", "nightly", "-items", "PDB", "-scale", "3", "-seed", "9")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`kind cluster "nightly"`, "1 scenarios, seed 9, scale 3", `items: "PDB"`,
		"[1/1] node-drain", "phases:  baseline 30s → fault 3m0s → recovery 30s"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	kc := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kc, []byte(kubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = runCLI(t, "run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"), "-kubeconfig", kc,
		"-context", "kind-golive", "-allow-context", "kind-golive")
	if !strings.Contains(stdout, `the kind cluster of context "kind-golive" (destructive faults allowed by -allow-context)`) {
		t.Errorf("dry run on a context:\n%s", stdout)
	}
}

// TestDemoSpec: the embedded spec is the demo target the suite tests, and
// its dry run plans every scenario.
func TestDemoSpec(t *testing.T) {
	t.Parallel()
	s, err := loadSpec(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(scenarios.Demo(s.Target.Namespace), s.ScenarioTarget()); diff != "" {
		t.Errorf("demo spec vs scenarios.Demo (-want +got):\n%s", diff)
	}
	code, stdout, stderr := runCLI(t, "run", "-dry-run")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for i, k := range scenarios.Kinds {
		if want := "] " + string(k) + "\n"; !strings.Contains(stdout, want) {
			t.Errorf("scenario %d (%s) missing from the demo's plan", i, k)
		}
	}
}

// TestDryRunComposed: the README's example of scenarios of one's own
// plans them, each with its faults and checks, and nothing else.
func TestDryRunComposed(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "run", "-dry-run", "-spec", filepath.Join("..", "..", "examples", "scenarios", "golive.yaml"),
		"-scenarios", "api-server-frozen,dns-down")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`run "my scenarios": 2 scenarios`,
		"[1/2] api-server-frozen", "phases:  baseline 10s → fault 45s → recovery 10s", "#0  +5s  control-plane-freeze  hold 30s",
		"[2/2] dns-down", "#0  +0s  dns-outage  hold 20s",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "pod-termination") {
		t.Errorf("dry run plans a scenario not asked for:\n%s", stdout)
	}
}

// TestDryRunClusterIP: the example of a target reached only through its
// ClusterIP Service plans its load at the Service's in-cluster name from
// attackers and SKIPs the state probe sent from this machine; autoscaling,
// whose burst is sent from this machine, is refused by name.
func TestDryRunClusterIP(t *testing.T) {
	t.Parallel()
	spec := filepath.Join("..", "..", "examples", "cluster-ip", "golive.yaml")
	code, stdout, stderr := runCLI(t, "run", "-dry-run", "-spec", spec)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"made or reused, Service golive-cluster-ip/target:80 from the cluster",
		"load from: the cluster: 3 attacker pods per target",
		"to http://target.golive-cluster-ip.svc.cluster.local:80/,",
		"{the state probe is sent from this machine, which reaches the target only through a nodePort, and it has none: statelessness SKIP}",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "] autoscaling") || strings.Contains(stdout, "127.0.0.1") {
		t.Errorf("dry run plans load from this machine:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "run", "-dry-run", "-spec", spec, "-scenarios", "autoscaling", "-items", "HPA")
	if code != exitUsage || !strings.Contains(stderr, "scenario autoscaling cannot run") {
		t.Errorf("autoscaling: exit %d: %s%s", code, stdout, stderr)
	}
}
