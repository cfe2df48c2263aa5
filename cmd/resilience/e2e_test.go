package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/attack"
	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/runner"
)

// e2eCluster is the cluster TestRunE2E makes for itself and deletes.
const e2eCluster = "golive-cli"

// TestRunE2E runs `resilience run` as a user would — the embedded demo
// spec, one short scenario, its own kind cluster — and checks that the
// report's files exist and agree with one another and with the exit code;
// then it runs again and interrupts the run in its fault phase, as Ctrl-C
// does. GOLIVE_KEEP=1 keeps the cluster and the namespace for debugging.
func TestRunE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a kind cluster and runs a scenario on it; skipped under -short")
	}
	keep := os.Getenv("GOLIVE_KEEP") == "1"
	if !keep {
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			if err := kind.NewProvider().Delete(ctx, e2eCluster); err != nil {
				t.Errorf("deleting cluster %s: %v", e2eCluster, err)
			}
		})
	}
	tag := "e2e-" + time.Now().UTC().Format("20060102-150405")
	common := []string{"-scenarios", string(scenarios.PodTermination), "-scale", "0.5", "-tag", tag}
	if keep {
		common = append(common, "-keep")
	}
	args := append([]string{"run", "-cluster", e2eCluster}, common...)
	var local *reports.Result
	if !t.Run("complete", func(t *testing.T) { local = runComplete(t, args) }) {
		return
	}
	// The same cluster as any cluster: through its API only, with the
	// images the kind run left on its nodes and the attackers' put there
	// as a user would, and the load from attacker pods.
	// It runs last, so that CI's tail of the log holds its reasons when it
	// fails: its comparison with the local run is the one most likely to.
	generic := append([]string{"run", "-context", kind.ContextPrefix + e2eCluster, "-generic"}, common...)
	t.Run("interrupted", func(t *testing.T) { runInterrupted(t, args) })
	t.Run("generic-in-cluster", func(t *testing.T) { runInCluster(t, generic, tag, local) })
}

func runComplete(t *testing.T, args []string) *reports.Result {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	out := filepath.Join(t.TempDir(), "report")
	var stdout bytes.Buffer
	code := run(ctx, append(args, "-out", out), &stdout, os.Stderr)
	t.Logf("exit %d\n%s", code, stdout.String())
	if code != exitOK && code != exitFail {
		t.Fatalf("exit %d, want 0 (all PASS) or 1 (a FAIL)", code)
	}

	res, err := reports.ReadFile(filepath.Join(out, reports.FileResult))
	if err != nil {
		t.Fatal(err)
	}
	// The static checklist first, then the scenario.
	if len(res.Scenarios) != 2 || res.Scenarios[0].Name != scenarios.StaticName || res.Scenarios[1].Name != string(scenarios.PodTermination) {
		t.Fatalf("result.json scenarios: %+v", res.Scenarios)
	}
	st, s := res.Scenarios[0], res.Scenarios[1]
	var items, staticItems []string
	fails, errs := 0, 0
	for _, v := range append(slices.Clone(st.Verdicts), s.Verdicts...) {
		switch v.Status {
		case reports.StatusFail:
			fails++
		case reports.StatusError:
			errs++
		}
	}
	for _, v := range s.Verdicts {
		items = append(items, v.Item)
	}
	for _, v := range st.Verdicts {
		staticItems = append(staticItems, v.Item)
	}
	if want := scenarios.PodTermination.Items(); !sameSet(items, want) {
		t.Errorf("result.json judges %q, want %q", items, want)
	}
	if want := static.Items(); !sameSet(staticItems, want) {
		t.Errorf("result.json's static checklist judges %q, want %q", staticItems, want)
	}
	if wantCode := map[bool]int{true: exitFail, false: exitOK}[fails > 0]; code != wantCode || errs > 0 || s.Aborted || s.Interrupted {
		t.Errorf("exit %d with %d FAIL and %d ERROR verdicts (aborted %v, interrupted %v)", code, fails, errs, s.Aborted, s.Interrupted)
	}

	junit := readJUnit(t, filepath.Join(out, reports.FileJUnit))
	if n := len(st.Verdicts) + len(s.Verdicts); junit.Tests != n || junit.Failures != fails || junit.Errors != errs {
		t.Errorf("junit.xml: %d tests, %d failures, %d errors; result.json: %d verdicts, %d FAIL, %d ERROR",
			junit.Tests, junit.Failures, junit.Errors, n, fails, errs)
	}
	html, err := os.ReadFile(filepath.Join(out, reports.FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range s.Verdicts {
		if !bytes.Contains(html, []byte(xmlEscape(v.Item))) {
			t.Errorf("index.html does not show item %q", v.Item)
		}
	}
	if _, err := os.Stat(filepath.Join(out, reports.FileMetrics)); err != nil {
		t.Error(err)
	}
	if !strings.Contains(stdout.String(), "report: ") {
		t.Errorf("stdout does not say where the report is:\n%s", stdout.String())
	}
	return res
}

// runInCluster runs the same scenario on the cluster reached through its
// API only (-generic), with its load sent by attacker pods to the target's
// Service: the verdicts must be those of the local run on kind, and each
// judged phase's availability interval must overlap the local one's (the
// steady gate before the baseline is not judged: a target just deployed
// may fail its first requests).
func runInCluster(t *testing.T, args []string, tag string, local *reports.Result) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	ref := strings.Split(attack.DefaultImage, ":")[0] + ":" + tag
	c, err := kind.NewProvider().Get(ctx, e2eCluster)
	if err != nil {
		t.Fatal(err)
	}
	if err := kind.ImageFromPackage(ctx, ref, attack.Package); err != nil {
		t.Fatal(err)
	}
	if err := c.LoadImages(ctx, ref); err != nil {
		t.Fatal(err)
	}
	args = append(args, "-kubeconfig", c.Kubeconfig)
	out := filepath.Join(t.TempDir(), "report")
	var stdout bytes.Buffer
	code := run(ctx, append(args, "-load", "cluster", "-out", out), &stdout, os.Stderr)
	t.Logf("exit %d\n%s", code, stdout.String())
	res, err := reports.ReadFile(filepath.Join(out, reports.FileResult))
	if err != nil {
		t.Fatal(err)
	}
	if res.Load != "the cluster: 3 attacker pods per target" || len(res.Scenarios) != len(local.Scenarios) || res.Cluster.Access == "" {
		t.Fatalf("result.json: load %q, %d scenarios (local run: %d), nodes reached %q", res.Load, len(res.Scenarios), len(local.Scenarios), res.Cluster.Access)
	}
	in, lo := res.Scenarios[1], local.Scenarios[1]
	got, want := map[string]reports.Status{}, map[string]reports.Status{}
	for _, v := range in.Verdicts {
		got[v.Item] = v.Status
	}
	for _, v := range lo.Verdicts {
		want[v.Item] = v.Status
	}
	if code != exitOK || !maps.Equal(got, want) {
		t.Errorf("exit %d, verdicts %v; the local run's %v", code, got, want)
		for _, v := range in.Verdicts {
			if want[v.Item] != v.Status {
				t.Errorf("%s: in-cluster %s %q; local %s", v.Item, v.Status, v.Reason, want[v.Item])
			}
		}
	}
	for i, p := range in.Phases {
		if i >= len(lo.Phases) {
			break
		}
		if p.Name == reports.PhaseSteady {
			continue
		}
		a, b := in.PhaseLoad(p), lo.PhaseLoad(lo.Phases[i])
		ia, ib := loadgen.Wilson(a.Successes, a.Judged), loadgen.Wilson(b.Successes, b.Judged)
		t.Logf("%s: in-cluster %d requests at %.2f/s, availability %.4f [%.4f, %.4f], p99 %s; local %d at %.2f/s, %.4f [%.4f, %.4f], p99 %s",
			p.Name, a.Requests, a.Rate, a.Availability, ia.Low, ia.High, a.P99, b.Requests, b.Rate, b.Availability, ib.Low, ib.High, b.P99)
		if a.Judged == 0 || ia.High < ib.Low || ib.High < ia.Low {
			t.Errorf("%s: in-cluster availability %.4f [%.4f, %.4f] and local %.4f [%.4f, %.4f] do not overlap",
				p.Name, a.Availability, ia.Low, ia.High, b.Availability, ib.Low, ib.High)
		}
	}
}

// runInterrupted cancels the run, as the first Ctrl-C does, once the
// status shows the fault phase: the exit code says interrupted, the report
// of what ran is written and marked, and the namespace is gone.
func runInterrupted(t *testing.T, args []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	sigint, interrupt := context.WithCancel(ctx)
	defer interrupt()
	out := filepath.Join(t.TempDir(), "report")
	stderr := &watch{w: os.Stderr, needle: []byte(string(scenarios.PodTermination) + "  " + string(runner.PhaseFault)), found: interrupt}
	var stdout bytes.Buffer
	code := run(sigint, append(args, "-out", out), &stdout, stderr)
	t.Logf("exit %d\n%s", code, stdout.String())
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d", code, exitInterrupted)
	}
	res, err := reports.ReadFile(filepath.Join(out, reports.FileResult))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Interrupted || len(res.Scenarios) != 2 || !res.Scenarios[1].Interrupted || res.Overall() != reports.StatusError {
		t.Errorf("result.json: interrupted %v, scenarios %+v", res.Interrupted, res.Scenarios)
	}
	if junit := readJUnit(t, filepath.Join(out, reports.FileJUnit)); junit.Errors < 1 {
		t.Errorf("junit.xml: %d errors, want the incomplete run as one", junit.Errors)
	}
	c, err := kind.NewProvider().Attach(ctx, e2eCluster)
	if err != nil {
		t.Fatal(err)
	}
	s, err := loadSpec(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	_, err = cs.CoreV1().Namespaces().Get(ctx, s.Target.Namespace, metav1.GetOptions{})
	if !slices.Contains(args, "-keep") && !apierrors.IsNotFound(err) {
		t.Errorf("namespace %s after the interrupt: %v, want it deleted", s.Target.Namespace, err)
	}
	if left, err := harness.Leftovers(ctx, c); err != nil || len(left) > 0 {
		t.Errorf("leftovers after the interrupt: %v, %v", left, err)
	}
}

// watch passes writes on and calls found once they contain needle.
type watch struct {
	w      io.Writer
	needle []byte
	found  func()
	once   sync.Once
}

func (w *watch) Write(b []byte) (int, error) {
	if bytes.Contains(b, w.needle) {
		w.once.Do(w.found)
	}
	return w.w.Write(b)
}

type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
}

func readJUnit(t *testing.T, path string) junitCounts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c junitCounts
	if err := xml.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
