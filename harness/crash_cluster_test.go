package harness_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/fault/stress"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/kind"
)

// Environment of the crash test's subprocess.
const (
	crashChild = "GOLIVE_CRASH_CHILD"
	crashNS    = "GOLIVE_CRASH_NS"
	crashImage = "GOLIVE_CRASH_IMAGE"
)

// crashScenario touches every kind of thing Sweep must find: a cordoned
// node, an iptables chain, CoreDNS scaled down, a stress pod.
func crashScenario(ns, image string) harness.Scenario {
	return harness.Scenario{
		Name:   "crash",
		Target: harness.Target{Namespace: ns, Selector: clustertest.Sel()},
		Steady: harness.Steady{Timeout: time.Minute, RecoverTimeout: 2 * time.Minute},
		Phases: harness.Phases{Baseline: 2 * time.Second, Fault: 12 * time.Second, Recovery: 2 * time.Second},
		Schedule: harness.Schedule{Seed: 11, Steps: []harness.Step{
			harness.At(0, node.Cordon{}).For(8 * time.Second),
			harness.At(time.Second, network.Partition{PeerNodes: true, Timeout: 20 * time.Second}).For(8 * time.Second),
			harness.At(2*time.Second, network.DNSOutage{}).For(6 * time.Second),
			harness.At(3*time.Second, stress.Stress{Namespace: ns, Image: image, CPU: 1}).For(6 * time.Second),
			harness.At(4*time.Second, pod.Delete{}),
		}},
	}
}

// TestCrashChild is the runner TestClusterCrash starts as a subprocess and
// interrupts; on its own it skips.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChild) == "" {
		t.Skip("subprocess of TestClusterCrash; runs only when started by it")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := kind.NewProvider().Get(ctx, os.Getenv(clustertest.EnvCluster))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("RUNNING")
	_, err = harness.Run(ctx, c, crashScenario(os.Getenv(crashNS), os.Getenv(crashImage)))
	fmt.Println("DONE", err)
}

// child starts the runner and returns once it is about to run.
func child(t *testing.T, ns, image string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashChild+"=1", crashNS+"="+ns, crashImage+"="+image)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if strings.TrimSpace(lines.Text()) == "RUNNING" {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd
		}
	}
	_ = cmd.Wait()
	t.Fatalf("the runner ended before running: %v", lines.Err())
	return nil
}

// wait waits for the runner to end, killing it after five minutes.
func wait(t *testing.T, cmd *exec.Cmd) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Minute):
		_ = cmd.Process.Kill()
		t.Errorf("the runner did not end within 5 minutes of SIGINT")
		return <-done
	}
}

// interrupts is how many SIGINTs TestClusterCrash sends: one in each of as
// many equal slices of the runner's first 20 s (steady ~3 s, baseline 2 s,
// the fault phase's 12 s with every fault armed or reverting, recovery), at
// a seeded random moment inside its slice, so that every phase is hit
// whatever the seed, where uniform draws could leave one out.
const interrupts = 6

// TestClusterCrash interrupts the runner with SIGINT at stratified seeded
// moments across its phases and requires no leftover after each; then it
// kills the runner with SIGKILL mid-fault and requires Sweep to clean up.
func TestClusterCrash(t *testing.T) {
	c, env, _ := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 3, 0)
	before := clustertest.Before(t, env, ns)
	ctx := context.Background()
	t.Cleanup(func() { _, _ = harness.Sweep(context.Background(), c) })

	r := rand.New(rand.NewPCG(2026, 4))
	slice := 20 * time.Second / interrupts
	for i := range interrupts {
		delay := time.Duration(i)*slice + time.Duration(r.Int64N(int64(slice)))
		cmd := child(t, ns, img)
		time.Sleep(delay) // the moment of the interrupt is the test's input
		_ = cmd.Process.Signal(os.Interrupt)
		exit := wait(t, cmd)
		left, err := harness.Leftovers(ctx, c)
		t.Logf("SIGINT #%d at +%s: runner exit %v; %d leftovers (err %v)", i, delay.Round(time.Millisecond), exit, len(left), err)
		for _, l := range left {
			t.Errorf("SIGINT #%d left %s %s: %s", i, l.Family, l.Object, l.What)
		}
		if len(left) > 0 {
			_, _ = harness.Sweep(ctx, c)
		}
		clustertest.Restored(t, env, ns, before)
	}

	cmd := child(t, ns, img)
	pctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var left int
	for pctx.Err() == nil && left < 3 { // wait until faults are in place
		found, _ := harness.Leftovers(pctx, c)
		left = len(found)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	found, err := harness.Leftovers(ctx, c)
	t.Logf("SIGKILL: %d leftovers before Sweep (err %v)", len(found), err)
	if len(found) == 0 {
		t.Errorf("SIGKILL mid-fault left nothing: Sweep was not exercised")
	}
	swept, err := harness.Sweep(ctx, c)
	if err != nil {
		t.Errorf("Sweep: %v", err)
	}
	t.Logf("Sweep undid %d leftovers", len(swept))
	clustertest.Restored(t, env, ns, before)
}
