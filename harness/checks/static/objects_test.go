package static_test

import (
	"testing"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
)

// pdb renders a PodDisruptionBudget in shop selecting app=web with spec
// fields budget (flow-style YAML without braces).
func pdb(name, budget string) string {
	return `{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: ` + name + `, namespace: shop},
  spec: {selector: {matchLabels: {app: web}}, ` + budget + `}}`
}

// hpa renders an autoscaling/v2 HPA in shop targeting Deployment target
// with spec fields extra.
func hpa(name, target, extra string) string {
	return `{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: ` + name + `, namespace: shop},
  spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ` + target + `}, maxReplicas: 6` + extra + `}}`
}

const cpuPod = `{containers: [{name: web, image: "web:1", resources: {requests: {cpu: 100m}}}]}`

func TestPDB(t *testing.T) {
	t.Parallel()
	d := deployment(web)
	runItemCases(t, static.ItemPDB, []itemCase{
		{"maxUnavailable 1", docs(d, pdb("web", "maxUnavailable: 1")), nil, harness.Pass,
			"PodDisruptionBudget shop/web allows 1 of 3 pods to be disrupted at a time (maxUnavailable 1)"},
		{"minAvailable 50% rounds up", docs(d, pdb("web", "minAvailable: 50%")), nil, harness.Pass, "allows 1 of 3 pods"},
		{"minAvailable 0", docs(d, pdb("web", "minAvailable: 0")), nil, harness.Fail,
			"allows every pod to be disrupted (minAvailable 0 of 3 replicas)"},
		{"no budget set", docs(d, pdb("web", "unhealthyPodEvictionPolicy: AlwaysAllow")), nil, harness.Fail,
			"allows every pod to be disrupted (neither minAvailable nor maxUnavailable"},
		{"minAvailable all", docs(d, pdb("web", "minAvailable: 3")), nil, harness.Fail, "allows no disruption (minAvailable 3 of 3 replicas)"},
		{"two budgets", docs(d, pdb("a", "maxUnavailable: 1"), pdb("b", "maxUnavailable: 1")), nil, harness.Fail,
			"PodDisruptionBudget shop/a, PodDisruptionBudget shop/b all select its pods"},
		{"other namespace", docs(d, `{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: web, namespace: other},
  spec: {selector: {matchLabels: {app: web}}, maxUnavailable: 1}}`), nil, harness.Fail, "no PodDisruptionBudget selects its pods"},
		{"replicas from the HPA", docs(deployment(cpuPod), pdb("web", "minAvailable: 2"), hpa("web", "web", ", minReplicas: 2")),
			nil, harness.Fail, "allows no disruption (minAvailable 2 of 2 replicas)"},
	})
}

func TestReplicasAndHPA(t *testing.T) {
	t.Parallel()
	one := `{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop},
  spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: ` + cpuPod + `}}}`
	runItemCases(t, static.ItemReplicas, []itemCase{
		{"three", deployment(web), nil, harness.Pass, "runs 3 replicas, no fewer than the 2 required"},
		{"default one", one, nil, harness.Fail, "runs 1 replica, fewer than the 2 required: losing its only pod is an outage"},
		{"stricter minimum", deployment(web), []static.Option{static.MinReplicas(4)}, harness.Fail,
			"runs 3 replicas, fewer than the 4 required: losing one pod removes 33% of its capacity"},
		{"HPA floor counts", docs(one, hpa("web", "web", ", minReplicas: 3")), nil, harness.Pass,
			"HorizontalPodAutoscaler shop/web keeps at least 3 replicas"},
		{"HPA may scale to one", docs(deployment(cpuPod), hpa("web", "web", "")), nil, harness.Fail,
			"HorizontalPodAutoscaler shop/web keeps at least 1 replica, fewer than the 2 required"},
	})
	v1 := `{apiVersion: autoscaling/v1, kind: HorizontalPodAutoscaler, metadata: {name: web, namespace: shop},
  spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 4}}`
	const avgValue = `, minReplicas: 2, metrics: [{type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 200m}}}]`
	runItemCases(t, static.ItemHPA, []itemCase{
		{"default metric with cpu requests", docs(deployment(cpuPod), hpa("web", "web", ", minReplicas: 2")), nil, harness.Pass,
			"HorizontalPodAutoscaler shop/web scales it between 2 and 6 replicas"},
		{"v1 needs cpu requests", docs(deployment(web), v1), nil, harness.Fail,
			`scales on CPU utilization but container "web" has no cpu request`},
		{"average value needs no request", docs(deployment(web), hpa("web", "web", avgValue)), nil, harness.Pass, "scales it between 2 and 6"},
		{"minReplicas defaults to one", docs(deployment(cpuPod), hpa("web", "web", "")), nil, harness.Fail,
			"HorizontalPodAutoscaler shop/web has minReplicas 1, fewer than 2"},
		{"targets another workload", docs(deployment(cpuPod), hpa("api", "api", ", minReplicas: 2")), nil, harness.Fail,
			"no HorizontalPodAutoscaler targets it"},
		{"two HPAs", docs(deployment(cpuPod), hpa("a", "web", ", minReplicas: 2"), hpa("b", "web", ", minReplicas: 2")), nil, harness.Fail,
			"the controller refuses to scale an ambiguous target"},
	})
}

func TestSpread(t *testing.T) {
	t.Parallel()
	pod := func(extra string) string {
		return deployment(`{containers: [{name: web, image: "web:1"}], ` + extra + `}`)
	}
	const tsc = `topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: %s}}}]`
	runItemCases(t, static.ItemSpread, []itemCase{
		{"preferred anti-affinity on zones", pod(`affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [
  {weight: 100, podAffinityTerm: {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}}]}}`),
			nil, harness.Pass, "a preferred podAntiAffinity on topology.kubernetes.io/zone spreads its pods"},
		{"spread constraint on other pods", pod(sprintf(tsc, "db")), nil, harness.Fail, "no topologySpreadConstraint or podAntiAffinity"},
		{"none", deployment(web), nil, harness.Fail, "one node can hold every replica"},
		{"affinity to another app is fine", pod(sprintf(tsc, "web") + `, affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [
  {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: cache}}}]}}`),
			nil, harness.Pass, "a topologySpreadConstraint on kubernetes.io/hostname (maxSkew 1, ScheduleAnyway)"},
	})
}
