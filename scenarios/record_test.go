package scenarios_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// defects describes each twin, from its overlay.
var defects = func() map[target.Variant]string {
	m := map[target.Variant]string{}
	twins, _ := target.Twins()
	for _, t := range twins {
		m[t.Variant] = t.Defect
	}
	return m
}()

var (
	mu       sync.Mutex
	reported []reports.Scenario
	started  = time.Now()
)

// recordResult keeps a run for the suite's report.
func recordResult(v target.Variant, scenario string, rep int, ns string, port int, res *harness.Result) {
	name := fmt.Sprintf("%s / %s", scenario, v)
	if repeat > 1 {
		name += fmt.Sprintf(" #%d", rep+1)
	}
	desc := fmt.Sprintf("Scenario %s on the demo target (%s).", scenario, v)
	if v != target.Good {
		desc = fmt.Sprintf("Scenario %s on the defect twin %q (%s).", scenario, v, defects[v])
	}
	s := scenarios.ReportScenario(name, desc, reports.Target{Namespace: ns, Workload: "Deployment/" + scenarios.Deployment,
		URL: fmt.Sprintf("http://127.0.0.1:%d/", port), Image: imageRef}, res)
	mu.Lock()
	reported = append(reported, s)
	mu.Unlock()
}

// writeReport renders what the suite ran into GOLIVE_REPORT (default
// _out/report under the module root).
func writeReport(dir string) {
	mu.Lock()
	defer mu.Unlock()
	if len(reported) == 0 {
		return
	}
	r := &reports.Result{Name: "go-live suite (demo target and defect twins)", Tool: "go test ./scenarios",
		Started: started, Finished: time.Now(), Scenarios: reported,
		Cluster: reports.Cluster{Name: clusterName, KubernetesVersion: nodeimage.DefaultKubernetesVersion,
			KindVersion: nodeimage.KindVersion(), Nodes: 3}}
	if _, err := reports.Render(context.Background(), dir, r, nil); err != nil {
		fmt.Fprintln(os.Stderr, "writing report:", err)
		return
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(os.Stderr, "report: %s/index.html\n", abs)
}
