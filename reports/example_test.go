package reports_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golive/resilience/reports"
)

// run returns a small result: one scenario, two verdicts.
func run(status reports.Status, p99 time.Duration) *reports.Result {
	start := time.Date(2026, 3, 14, 2, 0, 0, 0, time.UTC)
	return &reports.Result{
		Name: "nightly", Started: start, Finished: start.Add(time.Minute),
		Cluster: reports.Cluster{Name: "golive", KubernetesVersion: "v1.35.0"},
		Scenarios: []reports.Scenario{{
			Name: "pod-delete", Started: start, Finished: start.Add(time.Minute),
			Phases: []reports.Phase{{Name: reports.PhaseFault, Start: start, End: start.Add(time.Minute),
				Load: &reports.LoadSummary{Requests: 3000, Judged: 3000, Successes: 2988, Availability: 0.996, P99: p99, HasLatency: true}}},
			Verdicts: []reports.Verdict{
				{Item: "replicas", Status: reports.StatusPass, Reason: "3 replicas."},
				{Item: "graceful shutdown", Status: status, Reason: "12 requests failed while pods were deleted.",
					Evidence: []reports.Evidence{{Name: "failed requests", Value: "12 of 3000"}}},
			},
		}},
	}
}

func ExampleRender() {
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	previous, current := run(reports.StatusPass, 20*time.Millisecond), run(reports.StatusFail, 45*time.Millisecond)
	trend, err := reports.Render(context.Background(), dir, current, previous)
	if err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	fmt.Println("overall:", current.Overall(), "regressions:", len(trend.Regressions))
	// Output:
	// index.html
	// junit.xml
	// metrics.prom
	// result.json
	// trend.json
	// overall: FAIL regressions: 2
}

func ExampleRenderFiles() {
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	saved := filepath.Join(dir, "saved.json")
	if err := reports.WriteFile(saved, run(reports.StatusPass, 20*time.Millisecond)); err != nil {
		fmt.Println(err)
		return
	}
	// Later, without the cluster:
	out := filepath.Join(dir, "html")
	if _, err := reports.RenderFiles(context.Background(), out, saved, ""); err != nil {
		fmt.Println(err)
		return
	}
	_, err = os.Stat(filepath.Join(out, reports.FileHTML))
	fmt.Println("index.html written:", err == nil)
	// Output: index.html written: true
}

func ExampleReadJSON() {
	_, err := reports.ReadJSON(strings.NewReader(`{"schemaVersion": "2.0"}`))
	fmt.Println(errors.Is(err, reports.ErrFutureVersion))
	// Output: true
}

func ExampleCompare() {
	previous, current := run(reports.StatusPass, 20*time.Millisecond), run(reports.StatusFail, 45*time.Millisecond)
	for _, g := range reports.Compare(current, previous, reports.TrendConfig{P99Ratio: 2}).Regressions {
		fmt.Println(g)
	}
	// Output:
	// pod-delete: "graceful shutdown" was PASS and is now FAIL.
	// pod-delete: p99 latency in the fault phase rose from 20ms to 45ms (×2.25).
}

func ExampleWriteJUnit() {
	if err := reports.WriteJUnit(os.Stdout, run(reports.StatusFail, 0)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="nightly" tests="2" failures="1" errors="0" skipped="0" time="60.000">
	//   <testsuite name="pod-delete" tests="2" failures="1" errors="0" skipped="0" time="60.000" timestamp="2026-03-14T02:00:00Z">
	//     <properties>
	//       <property name="seed" value="0"></property>
	//       <property name="cluster" value="golive"></property>
	//       <property name="kubernetesVersion" value="v1.35.0"></property>
	//     </properties>
	//     <testcase classname="pod-delete" name="replicas" time="0"></testcase>
	//     <testcase classname="pod-delete" name="graceful shutdown" time="0">
	//       <failure message="12 requests failed while pods were deleted." type="FAIL">failed requests: 12 of 3000</failure>
	//     </testcase>
	//   </testsuite>
	// </testsuites>
}

func ExampleResult_Overall() {
	r := run(reports.StatusSkip, 0)
	fmt.Println(r.Overall())
	r.Interrupted = true
	fmt.Println(r.Overall())
	// Output:
	// PASS
	// ERROR
}
