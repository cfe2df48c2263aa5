package prove

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/reports"
)

// reportTimeout bounds writing the report, also after the run's context
// was cancelled.
const reportTimeout = time.Minute

// conclude writes the report of res into out, logs where it is, judges
// the outcomes on items, and ends the test with t.Fatal when the run
// could not go on (runErr).
func conclude(t *testing.T, res *reports.Result, runErr error, out string, items []string) {
	t.Helper()
	if res == nil {
		t.Fatalf("run: %v", runErr)
	}
	if err := writeReport(res, out); err != nil {
		t.Errorf("writing the report: %v", err)
	} else {
		t.Logf("report: %s", reportPath(out))
	}
	judge(t, Outcomes(res, items))
	if runErr != nil {
		t.Fatalf("run %q: %v", res.Name, runErr)
	}
}

// judge runs a subtest per scenario and inside it one per outcome asked
// for: PASS logs the evidence, FAIL, ERROR and INCONCLUSIVE fail with the
// reason, SKIP skips. Outcomes not asked for are logged: one line per
// scenario, and the reason of each that is not a PASS or SKIP. No outcome
// asked for is a failure: the run proved nothing.
func judge(t *testing.T, outcomes []Outcome) {
	t.Helper()
	asked := 0
	for i := 0; i < len(outcomes); {
		scenario, j := outcomes[i].Scenario, i
		for j < len(outcomes) && outcomes[j].Scenario == scenario {
			j++
		}
		group := outcomes[i:j]
		var others []string
		for _, o := range group {
			if o.Asked {
				asked++
				continue
			}
			others = append(others, fmt.Sprintf("%s %s", o.Item, o.Status))
			if o.Status != reports.StatusPass && o.Status != reports.StatusSkip {
				reason, _, _ := strings.Cut(o.Message, "\n")
				t.Logf("%s: %s %s (not asked for): %s", o.Scenario, o.Item, o.Status, reason)
			}
		}
		if len(others) > 0 {
			t.Logf("%s: not asked for: %s", scenario, strings.Join(others, ", "))
		}
		t.Run(scenario, func(t *testing.T) {
			for _, o := range group {
				if o.Asked {
					t.Run(o.Item, func(t *testing.T) { verdict(t, o) })
				}
			}
		})
		i = j
	}
	if asked == 0 {
		t.Error("the run gave no verdict on the items asked for")
	}
}

// verdict turns one outcome into the subtest's result.
func verdict(t *testing.T, o Outcome) {
	t.Helper()
	switch o.Status {
	case reports.StatusPass:
		t.Log(o.Message)
	case reports.StatusSkip:
		t.Skip(o.Message)
	default:
		t.Errorf("%s: %s", o.Status, o.Message)
	}
}

// writeReport renders the report into dir as the CLI does, on a context
// of its own: the run's may have been cancelled.
func writeReport(res *reports.Result, dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
	defer cancel()
	_, err := reports.Render(ctx, dir, res, nil)
	return err
}

// reportPath is the absolute path of the report's index.html in dir.
func reportPath(dir string) string {
	p := filepath.Join(dir, reports.FileHTML)
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
