package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// clusterRecord fills the report's cluster record from the cluster.
func clusterRecord(ctx context.Context, c Cluster, cs kubernetes.Interface, rc reports.Cluster) reports.Cluster {
	rc.Name = c.ClusterName()
	if rc.KindVersion == "" {
		rc.KindVersion = nodeimage.KindVersion()
	}
	if v, err := cs.Discovery().ServerVersion(); err == nil {
		rc.KubernetesVersion = v.GitVersion
	}
	if nodes, err := c.Nodes(ctx); err == nil {
		rc.Nodes = len(nodes)
	}
	return rc
}

// scenarioRecord is the report of scenario i from its harness result,
// keeping only the plan's items.
func scenarioRecord(p *Plan, i int, r *harness.Result, err error) reports.Scenario {
	k := p.Kinds[i]
	s := scenarios.ReportScenario(string(k), description(p, i), target(p), r)
	s.Verdicts = keep(s.Verdicts, p.Items)
	if err != nil && !s.Aborted {
		s.Aborted, s.Reason = true, err.Error()
	}
	return s
}

// failedScenario is the report of a scenario that could not run.
func failedScenario(p *Plan, i int, started time.Time, err error) reports.Scenario {
	k := p.Kinds[i]
	return reports.Scenario{Name: string(k), Description: description(p, i), Target: target(p),
		Seed: p.Spec.Seed, Started: started, Finished: time.Now(), Aborted: true, Reason: err.Error(),
		Verdicts: []reports.Verdict{}}
}

func description(p *Plan, i int) string {
	k := p.Kinds[i]
	items := scenarios.ItemsOf(p.Scenarios[i])
	if len(p.Items) > 0 {
		items = slices.DeleteFunc(slices.Clone(items), func(it string) bool { return !slices.Contains(p.Items, it) })
	}
	return fmt.Sprintf("Scenario %s on Deployment %s/%s: proves %s.", k, p.Spec.Target.Namespace,
		p.Spec.Target.Deployment, strings.Join(items, ", "))
}

func target(p *Plan) reports.Target {
	t := reports.Target{Namespace: p.Spec.Target.Namespace, Workload: "Deployment/" + p.Spec.Target.Deployment,
		URL: p.Spec.ScenarioTarget().URL("/")}
	if len(p.Images) > 0 {
		t.Image = p.Images[0].Ref
	}
	return t
}

// keep returns the verdicts on items; every verdict when items is empty.
func keep(vs []reports.Verdict, items []string) []reports.Verdict {
	if len(items) == 0 {
		return vs
	}
	out := []reports.Verdict{}
	for _, v := range vs {
		if slices.Contains(items, v.Item) {
			out = append(out, v)
		}
	}
	return out
}
