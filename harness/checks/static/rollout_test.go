package static_test

import (
	"strings"
	"testing"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
)

func TestRollout(t *testing.T) {
	t.Parallel()
	strategy := func(s string) string {
		return strings.Replace(deployment(web), "  replicas: 3\n", "  replicas: 3\n  "+s+"\n", 1)
	}
	sts := func(s string) string {
		return `{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: shop}, spec: {replicas: 3, ` + s +
			`selector: {matchLabels: {app: db}}, template: {metadata: {labels: {app: db}}, spec: ` + web + `}}}`
	}
	runItemCases(t, static.ItemRollout, []itemCase{
		{"defaults", deployment(web), nil, harness.Pass,
			"strategy RollingUpdate with maxUnavailable 25% of 3 replicas, keeping 10 revisions to roll back to"},
		{"recreate", strategy("strategy: {type: Recreate}"), nil, harness.Fail, "strategy Recreate stops every pod before the new ones start"},
		{"maxUnavailable 100%", strategy("strategy: {rollingUpdate: {maxUnavailable: 100%}}"), nil, harness.Fail,
			"maxUnavailable 100% lets a rollout take all 3 pods down at once"},
		{"maxUnavailable = replicas", strategy("strategy: {rollingUpdate: {maxUnavailable: 3}}"), nil, harness.Fail,
			"maxUnavailable 3 lets a rollout take all 3 pods down"},
		{"no history", strategy("revisionHistoryLimit: 0"), nil, harness.Fail, "revisionHistoryLimit 0 keeps no old revision to roll back to"},
		{"statefulset", sts(""), nil, harness.Pass, "StatefulSet shop/db: updateStrategy RollingUpdate with maxUnavailable 1 of 3 replicas"},
		{"statefulset on delete", sts("updateStrategy: {type: OnDelete}, "), nil, harness.Fail,
			"StatefulSet shop/db: updateStrategy OnDelete replaces no pod until someone deletes it"},
	})
}

func TestNetworkPolicy(t *testing.T) {
	t.Parallel()
	np := func(name, spec string) string {
		return `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: ` + name + `, namespace: shop}, spec: ` + spec + `}`
	}
	const fromClients = `{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]}`
	d := deployment(web)
	runItemCases(t, static.ItemNetworkPolicy, []itemCase{
		{"namespace-wide policy", docs(d, np("default", fromClients)), nil, harness.Pass, "NetworkPolicy shop/default restricts ingress"},
		{"none", d, nil, harness.Fail, "no NetworkPolicy selects its pods: any pod in the cluster can reach them"},
		{"egress only", docs(d, np("out", `{podSelector: {}, policyTypes: [Egress], egress: [{to: [{podSelector: {}}]}]}`)), nil, harness.Fail,
			"no NetworkPolicy that selects its pods restricts their ingress"},
		{"one allow-all among several", docs(d, np("default", fromClients), np("open", `{podSelector: {matchLabels: {app: web}}, ingress: [{}]}`)),
			nil, harness.Fail, "NetworkPolicy shop/open has an empty ingress rule {}"},
		{"deny all", docs(d, np("deny", `{podSelector: {}, policyTypes: [Ingress]}`)), nil, harness.Pass, "NetworkPolicy shop/deny restricts ingress"},
		{"selects other pods", docs(d, np("db", `{podSelector: {matchLabels: {app: db}}}`)), nil, harness.Fail, "no NetworkPolicy selects its pods"},
	})
}

func TestObservability(t *testing.T) {
	t.Parallel()
	annotated := func(scrape string) string {
		return strings.Replace(deployment(web), "metadata: {labels: {app: web}}",
			`metadata: {labels: {app: web}, annotations: {prometheus.io/scrape: "`+scrape+`"}}`, 1)
	}
	const svc = `{apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop, labels: {app: web}}, spec: {selector: {app: web}, ports: [{port: 80}]}}`
	monitor := func(kind, ns, spec string) string {
		return `{apiVersion: monitoring.coreos.com/v1, kind: ` + kind + `, metadata: {name: web, namespace: ` + ns + `}, spec: ` + spec + `}`
	}
	runItemCases(t, static.ItemObservability, []itemCase{
		{"none", deployment(web), nil, harness.Fail, "declares no metrics endpoint"},
		{"scrape annotation, default path", annotated("true"), nil, harness.Pass,
			"a prometheus.io/scrape annotation on its pods for /metrics on every declared port"},
		{"scrape disabled", annotated("false"), nil, harness.Fail, "declares no metrics endpoint"},
		{"metrics port", deployment(`{containers: [{name: web, image: "web:1", ports: [{name: metrics, containerPort: 9090}]}]}`),
			nil, harness.Pass, `container "web" port "metrics" (9090)`},
		{"service monitor", docs(deployment(web), svc, monitor("ServiceMonitor", "monitoring",
			`{namespaceSelector: {matchNames: [shop]}, selector: {matchLabels: {app: web}}, endpoints: [{port: http}]}`)),
			nil, harness.Pass, "ServiceMonitor monitoring/web through Service shop/web"},
		{"service monitor looking elsewhere", docs(deployment(web), svc, monitor("ServiceMonitor", "monitoring",
			`{selector: {matchLabels: {app: web}}}`)), nil, harness.Fail, "declares no metrics endpoint"},
		{"pod monitor", docs(deployment(web), monitor("PodMonitor", "shop", `{selector: {matchLabels: {app: web}}}`)),
			nil, harness.Pass, "PodMonitor shop/web"},
	})
}
