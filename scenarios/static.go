package scenarios

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/reports"
)

// Static judges the static column of the checklist for the target's
// Deployment (namespace ns, name deployment) in its rendered manifests:
// one verdict per item static.Items names, pod security and observability
// included. Manifests that cannot be decoded give an ERROR per item.
func Static(manifests []byte, ns, deployment string) []harness.Verdict {
	ref := timeline.Ref{Kind: "Deployment", Namespace: ns, Name: deployment}
	vs, err := static.Check(manifests, static.Workload(ref))
	if err != nil {
		for _, it := range static.Items() {
			vs = append(vs, harness.Verdict{Item: it, Status: harness.Error,
				Reason: fmt.Sprintf("judging the manifests of %s/%s: %v", ns, deployment, err)})
		}
	}
	return vs
}

// WithStatic makes each of a run's verdicts static ∧ dynamic (static.And)
// with the static verdicts of its item.
func WithStatic(res *harness.Result, staticVerdicts []harness.Verdict) {
	if res != nil {
		res.Verdicts = static.And(res.Verdicts, staticVerdicts)
	}
}

// StaticName names the report's scenario of the static checklist.
const StaticName = "static checklist"

// StaticScenario is the report's record of the static checklist: every
// item judged on the manifests alone (pod security and observability
// among them), with no load and no fault.
func StaticScenario(target reports.Target, vs []harness.Verdict, at time.Time) reports.Scenario {
	return reports.Scenario{Name: StaticName, Target: target, Started: at, Finished: at,
		Description: "The go-live checklist judged on the rendered manifests: probes, requests and limits, replicas, HPA, PDB, spread, preStop and grace, rollout strategy, NetworkPolicy, pod security, metrics, image tags.",
		Verdicts:    verdicts(vs)}
}
