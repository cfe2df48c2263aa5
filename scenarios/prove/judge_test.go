package prove

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
)

// childEnv names the case TestConcludeChild plays; childOut its report
// folder.
const (
	childEnv = "PROVE_TEST_CHILD"
	childOut = "PROVE_TEST_OUT"
)

// childCases are the runs TestConcludeChild concludes, by name: a result,
// the run's error and the items asked for.
var childCases = map[string]func() (*reports.Result, error, []string){
	"pass": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusPass, "1200 requests through the disruptions, 0 failed"), nil, asked
	},
	"fail": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusFail, "3 of 1200 requests failed while pods were shutting down"), nil, asked
	},
	"error": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusError, "not healthy before the fault"), nil, asked
	},
	"inconclusive": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusInconclusive, "availability 98.9 % to 99.6 %, too close to 99 % to tell"), nil, asked
	},
	"skip": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusSkip, "kernel lacks sch_netem"), nil, asked
	},
	"every item": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusPass, "0 failed"), nil, nil // the static HPA FAIL is asked for too
	},
	"nothing asked judged": func() (*reports.Result, error, []string) {
		return fakeResult(reports.StatusPass, "0 failed"), nil, []string{checks.ItemPDB}
	},
	"run error": func() (*reports.Result, error, []string) {
		res := fakeResult(reports.StatusPass, "0 failed")
		res.Aborted, res.Reason = true, "reverting pod-delete: timed out"
		res.Scenarios[1].Aborted, res.Scenarios[1].Reason = true, "reverting pod-delete: timed out"
		return res, fmt.Errorf("scenario pod-termination: %w", errors.New("reverting pod-delete: timed out")), asked
	},
	"no result": func() (*reports.Result, error, []string) {
		return nil, fmt.Errorf("%w: %w", runner.ErrInterrupted, context.Canceled), asked
	},
}

var asked = []string{checks.ItemGracefulShutdown, checks.ItemSLO}

// TestConcludeChild concludes the case named by childEnv; it is run by
// TestConclude as a test binary of its own, since its failures are the
// point.
func TestConcludeChild(t *testing.T) {
	name := os.Getenv(childEnv)
	if name == "" {
		t.Skip("run by TestConclude in a child process")
	}
	res, err, items := childCases[name]()
	conclude(t, res, err, os.Getenv(childOut), items)
}

func TestConclude(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		pass   bool
		want   []string // in the child's output
		report bool     // a report written
	}{
		{name: "pass", pass: true, report: true, want: []string{
			"--- PASS: TestConcludeChild/pod-termination/graceful_shutdown",
			"1200 requests through the disruptions, 0 failed", "failed requests: 3 of 1200",
			"--- PASS: TestConcludeChild/pod-termination/SLOs_/_KPIs",
			"static checklist: HPA FAIL (not asked for): no HorizontalPodAutoscaler",
			"static checklist: not asked for: HPA FAIL", "report: "}},
		{name: "fail", report: true, want: []string{
			"--- FAIL: TestConcludeChild/pod-termination/graceful_shutdown",
			"FAIL: 3 of 1200 requests failed while pods were shutting down", "failed requests: 3 of 1200",
			"--- PASS: TestConcludeChild/pod-termination/SLOs_/_KPIs"}},
		{name: "error", report: true, want: []string{
			"--- FAIL: TestConcludeChild/pod-termination/graceful_shutdown", "ERROR: not healthy before the fault"}},
		{name: "inconclusive", report: true, want: []string{
			"--- FAIL: TestConcludeChild/pod-termination/graceful_shutdown", "INCONCLUSIVE: availability 98.9 %"}},
		{name: "skip", pass: true, report: true, want: []string{
			"--- SKIP: TestConcludeChild/pod-termination/graceful_shutdown", "kernel lacks sch_netem"}},
		{name: "every item", report: true, want: []string{
			"--- FAIL: TestConcludeChild/static_checklist/HPA", "FAIL: no HorizontalPodAutoscaler targets Deployment hello"}},
		{name: "nothing asked judged", report: true, want: []string{"the run gave no verdict on the items asked for"}},
		{name: "run error", report: true, want: []string{
			"--- FAIL: TestConcludeChild/pod-termination/run", "ERROR: scenario aborted: reverting pod-delete: timed out",
			`run "hello": scenario pod-termination: reverting pod-delete: timed out`}},
		{name: "no result", want: []string{"run: run interrupted: context canceled"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestConcludeChild$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+tc.name, childOut+"="+out)
			b, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			switch {
			case tc.pass && err != nil:
				t.Errorf("child failed (%v), want it to pass:\n%s", err, b)
			case !tc.pass && !errors.As(err, &exit):
				t.Errorf("child: %v, want it to fail:\n%s", err, b)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("child's output lacks %q:\n%s", w, b)
				}
			}
			for _, f := range []string{reports.FileHTML, reports.FileResult, reports.FileJUnit} {
				if _, err := os.Stat(filepath.Join(out, f)); (err == nil) != tc.report {
					t.Errorf("report file %s: %v, want written %v", f, err, tc.report)
				}
			}
		})
	}
}
