package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// e2eCluster is the cluster TestRunE2E makes for itself and deletes.
const e2eCluster = "golive-cli"

// TestRunE2E runs `resilience run` as a user would — the embedded demo
// spec, one short scenario, its own kind cluster — and checks that the
// report's files exist and agree with one another and with the exit code.
// GOLIVE_KEEP=1 keeps the cluster and the namespace for debugging.
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
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	out := filepath.Join(t.TempDir(), "report")
	args := []string{"run", "-cluster", e2eCluster, "-scenarios", string(scenarios.PodTermination), "-scale", "0.5", "-out", out}
	if keep {
		args = append(args, "-keep")
	} else {
		args = append(args, "-delete-cluster")
	}
	var stdout bytes.Buffer
	code := run(ctx, args, &stdout, os.Stderr)
	t.Logf("exit %d\n%s", code, stdout.String())
	if code != exitOK && code != exitFail {
		t.Fatalf("exit %d, want 0 (all PASS) or 1 (a FAIL)", code)
	}

	res, err := reports.ReadFile(filepath.Join(out, reports.FileResult))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenarios) != 1 || res.Scenarios[0].Name != string(scenarios.PodTermination) {
		t.Fatalf("result.json scenarios: %+v", res.Scenarios)
	}
	s := res.Scenarios[0]
	var items []string
	fails, errs := 0, 0
	for _, v := range s.Verdicts {
		items = append(items, v.Item)
		switch v.Status {
		case reports.StatusFail:
			fails++
		case reports.StatusError:
			errs++
		}
	}
	if want := scenarios.PodTermination.Items(); !sameSet(items, want) {
		t.Errorf("result.json judges %q, want %q", items, want)
	}
	if wantCode := map[bool]int{true: exitFail, false: exitOK}[fails > 0]; code != wantCode || errs > 0 || s.Aborted || s.Interrupted {
		t.Errorf("exit %d with %d FAIL and %d ERROR verdicts (aborted %v, interrupted %v)", code, fails, errs, s.Aborted, s.Interrupted)
	}

	junit := readJUnit(t, filepath.Join(out, reports.FileJUnit))
	if junit.Tests != len(s.Verdicts) || junit.Failures != fails || junit.Errors != errs {
		t.Errorf("junit.xml: %d tests, %d failures, %d errors; result.json: %d verdicts, %d FAIL, %d ERROR",
			junit.Tests, junit.Failures, junit.Errors, len(s.Verdicts), fails, errs)
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
