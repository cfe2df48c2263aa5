package main

import (
	"encoding/json"
	"github.com/golive/resilience/scenarios"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/reports"
)

func writeResult(t *testing.T, dir, name string, st reports.Status) string {
	t.Helper()
	start := time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)
	r := &reports.Result{Name: name, Started: start, Finished: start.Add(time.Minute), Cluster: reports.Cluster{Name: "golive"},
		Scenarios: []reports.Scenario{{Name: "node-drain", Started: start, Finished: start.Add(time.Minute),
			Verdicts: []reports.Verdict{{Item: "PDB", Status: st, Reason: "ready endpoints stayed at 2 or more"}}}}}
	path := filepath.Join(dir, name+".json")
	if err := reports.WriteFile(path, r); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := writeResult(t, dir, "monday", reports.StatusPass)
	cur := writeResult(t, dir, "tuesday", reports.StatusFail)
	other := writeResult(t, dir, "cart", reports.StatusPass)
	out := filepath.Join(dir, "report")
	code, stdout, stderr := runCLI(t, "report", "-in", cur+","+other, "-previous", old, "-out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 regressions since") || !strings.Contains(stdout, "overall: FAIL") {
		t.Errorf("stdout:\n%s", stdout)
	}
	for _, f := range []string{reports.FileResult, reports.FileHTML, reports.FileJUnit, reports.FileMetrics, reports.FileTrend} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	merged, err := reports.ReadFile(filepath.Join(out, reports.FileResult))
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Scenarios) != 2 || merged.Scenarios[1].Name != "node-drain (run 2)" || merged.Name != "tuesday + cart" {
		t.Errorf("merged result: %s, %+v", merged.Name, merged.Scenarios)
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCLI(t, "list")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	count := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		kind, _, _ := strings.Cut(line, " ")
		count[kind]++
	}
	if count["item"] != len(checklist) || count["scenario"] != len(scenarios.Kinds) || count["fault"] != len(scenarios.FaultKinds) ||
		count["check"] != len(scenarios.CheckKinds) || len(count) != 4 {
		t.Errorf("lines by kind %v:\n%s", count, stdout)
	}
	for _, want := range []string{"PDB", "scenarios node-drain", "pod-delete", "control-plane-freeze",
		"faults: stop-busiest-worker at +0s, held 1m10s — proves: anti-affinity / spread; HA & failover, chaos; replicas",
		"network-loss                 drops the target's pods' (or a node's) packets with a probability [on, node, count, probability]"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("list lacks %q", want)
		}
	}
}

// TestListJSON: list -o json is list's content as an array of objects.
func TestListJSON(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "list", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []listed
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not a JSON array of objects: %v\n%s", err, stdout)
	}
	if diff := cmp.Diff(listAll(), got); diff != "" {
		t.Errorf("list -o json (-want +got):\n%s", diff)
	}
	_, text, _ := runCLI(t, "list")
	if lines := strings.Count(text, "\n"); lines != len(got) {
		t.Errorf("list has %d lines, list -o json %d objects", lines, len(got))
	}
	for _, l := range got {
		if !strings.Contains(text, l.Name) || !strings.Contains(text, l.Description) {
			t.Errorf("list lacks %+v", l)
		}
	}
	if !strings.Contains(stdout, `"kind": "fault",`) || !strings.Contains(stdout, `"name": "pod-delete",`) {
		t.Errorf("list -o json:\n%s", stdout)
	}
}

// TestListYAML: list -o yaml writes every built-in scenario in the spec's
// scenarios: format (package spec proves each builds the built-in).
func TestListYAML(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "list", "-o", "yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "\nscenarios:\n") {
		t.Errorf("list -o yaml has no scenarios: block:\n%s", stdout)
	}
	for _, k := range scenarios.Kinds {
		if !strings.Contains(stdout, "- name: "+string(k)+"\n") {
			t.Errorf("list -o yaml lacks %s:\n%s", k, stdout)
		}
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	res := &reports.Result{Interrupted: true, Scenarios: []reports.Scenario{{Name: "pod-termination", Interrupted: true,
		Reason: "interrupted", Verdicts: []reports.Verdict{{Item: "graceful shutdown", Status: reports.StatusPass, Reason: "ok"}}}}}
	summarize(&b, res, "out")
	for _, want := range []string{"pod-termination      ERROR  interrupted", "  graceful shutdown  PASS   ok", "overall: INTERRUPTED", "out/index.html"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}
