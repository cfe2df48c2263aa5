package scenarios_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

var (
	mu      sync.Mutex
	results []reports.Scenario
	started = time.Now()
)

// recordResult keeps a run for the suite's report.
func recordResult(t *testing.T, e expect, ns string, res *harness.Result) {
	t.Helper()
	name := fmt.Sprintf("%s / %s", e.kind, e.variant)
	desc := fmt.Sprintf("Scenario %s on the demo target (%s).", e.kind, e.variant)
	if e.variant != "" {
		desc = fmt.Sprintf("Scenario %s on the defect twin %q, which must FAIL %q.", e.kind, e.variant, e.item)
	}
	s := scenarios.ReportScenario(name, desc, reports.Target{Namespace: ns, Workload: "Deployment/" + scenarios.Deployment,
		URL: fmt.Sprintf("http://127.0.0.1:%d/", scenarios.NodePort), Image: imageRef}, res)
	mu.Lock()
	results = append(results, s)
	mu.Unlock()
}

// writeReport renders what the suite ran into GOLIVE_REPORT (default
// _out/report under the module root).
func writeReport() {
	mu.Lock()
	defer mu.Unlock()
	if len(results) == 0 {
		return
	}
	dir := os.Getenv("GOLIVE_REPORT")
	if dir == "" {
		dir = filepath.Join("..", "_out", "report")
	}
	r := &reports.Result{Name: "go-live suite (demo target and defect twins)", Tool: "go test ./scenarios",
		Started: started, Finished: time.Now(), Scenarios: results,
		Cluster: reports.Cluster{Name: clusterName, KubernetesVersion: nodeimage.DefaultKubernetesVersion,
			KindVersion: nodeimage.KindVersion(), Nodes: 3}}
	if _, err := reports.Render(context.Background(), dir, r, nil); err != nil {
		fmt.Fprintln(os.Stderr, "writing report:", err)
		return
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(os.Stderr, "report: %s/index.html\n", abs)
}
