package static_test

import (
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
)

func TestImage(t *testing.T) {
	t.Parallel()
	image := func(img string) string { return deployment(`{containers: [{name: web, image: "` + img + `"}]}`) }
	runItemCases(t, static.ItemImage, []itemCase{
		{"tag", image("nginx:1.27"), nil, harness.Pass, "pinned by a tag or a digest: nginx:1.27"},
		{"digest", image("nginx@sha256:0123456789abcdef"), nil, harness.Pass, "pinned"},
		{"latest", image("nginx:latest"), nil, harness.Fail, `image "nginx:latest" uses the moving tag latest`},
		{"untagged", image("nginx"), nil, harness.Fail, `image "nginx" has no tag`},
		{"registry port is not a tag", image("localhost:5000/web"), nil, harness.Fail, "has no tag"},
		{"init container", deployment(`{initContainers: [{name: init, image: "busybox:latest"}], containers: [{name: web, image: "web:1"}]}`),
			nil, harness.Fail, `container "init" image "busybox:latest"`},
	})
}

func TestPodSecurity(t *testing.T) {
	t.Parallel()
	const hardened = `{runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}`
	sc := func(pod, ctr string) string {
		return deployment(`{securityContext: ` + pod + `, containers: [{name: web, image: "web:1", securityContext: ` + ctr + `}]}`)
	}
	runItemCases(t, static.ItemPodSecurity, []itemCase{
		{"hardened", sc("{}", hardened+"}"), nil, harness.Pass, "runs as non-root"},
		{"non-root from the pod", sc("{runAsNonRoot: true}", `{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}`),
			nil, harness.Pass, "runs as non-root"},
		{"container overrides the pod", sc("{runAsNonRoot: true}", `{runAsNonRoot: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}`),
			nil, harness.Fail, `container "web": runAsNonRoot is not true`},
		{"privileged", sc("{}", hardened+", privileged: true}"), nil, harness.Fail, "privileged is true"},
		{"root uid", sc("{runAsUser: 0}", hardened+"}"), nil, harness.Fail, "runAsUser is 0 (root)"},
		{"nothing set", deployment(web), nil, harness.Fail,
			`container "web": runAsNonRoot is not true, allowPrivilegeEscalation is not false, readOnlyRootFilesystem is not true, capabilities do not drop ALL`},
	})
}

func TestResources(t *testing.T) {
	t.Parallel()
	res := func(r string) string {
		return deployment(`{containers: [{name: web, image: "web:1", resources: ` + r + `}]}`)
	}
	runItemCases(t, static.ItemResources, []itemCase{
		{"best effort", deployment(web), nil, harness.Fail,
			`container "web" sets no cpu request, cpu limit, memory request or memory limit (QoS BestEffort): an HPA cannot compute`},
		{"limits only are requests too", res(`{limits: {cpu: 100m, memory: 64Mi}}`), nil, harness.Pass, "(QoS Guaranteed)"},
		{"burstable", res(`{requests: {cpu: 100m, memory: 32Mi}, limits: {cpu: 200m, memory: 64Mi}}`), nil, harness.Pass, "(QoS Burstable)"},
		{"memory only", res(`{requests: {memory: 32Mi}, limits: {memory: 64Mi}}`), nil, harness.Fail,
			"sets no cpu request or cpu limit (QoS Burstable): an HPA cannot compute its CPU utilization"},
		{"no memory limit", res(`{requests: {cpu: 100m, memory: 32Mi}, limits: {cpu: 200m}}`), nil, harness.Fail,
			`container "web" sets no memory limit (QoS Burstable)`},
	})
}

func TestProbes(t *testing.T) {
	t.Parallel()
	probes := func(ready, live string) string {
		return deployment(`{containers: [{name: web, image: "web:1", ports: [{name: http, containerPort: 8080}], readinessProbe: ` +
			ready + `, livenessProbe: ` + live + `}]}`)
	}
	const ready = `{httpGet: {path: /readyz, port: http}, periodSeconds: 2}`
	runItemCases(t, static.ItemProbes, []itemCase{
		{"distinct", probes(ready, `{httpGet: {path: /healthz, port: 8080}}`), nil, harness.Pass, "distinct livenessProbe"},
		{"same handler, laxer threshold", probes(ready, `{httpGet: {path: /readyz, port: http}, periodSeconds: 2, failureThreshold: 6}`),
			nil, harness.Pass, "distinct livenessProbe"},
		{"none", deployment(web), nil, harness.Fail, `container "web" has no readinessProbe; container "web" has no livenessProbe`},
		{"identical", probes(ready, `{httpGet: {path: /readyz, port: http}, periodSeconds: 2, failureThreshold: 3}`),
			nil, harness.Fail, "has a livenessProbe identical to its readinessProbe"},
		{"timeout beyond the default period", probes(ready, `{tcpSocket: {port: 8080}, timeoutSeconds: 15}`),
			nil, harness.Fail, `container "web" livenessProbe times out after 15s, longer than its 10s period`},
		{"undeclared port", probes(ready, `{httpGet: {path: /healthz, port: admin}}`),
			nil, harness.Fail, `livenessProbe probes port "admin", which the container does not declare`},
	})
}

func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	hook := func(grace, preStop string) string {
		return deployment(`{terminationGracePeriodSeconds: ` + grace + `, containers: [{name: web, image: "web:1", lifecycle: {preStop: ` + preStop + `}}]}`)
	}
	runItemCases(t, static.ItemGracefulShutdown, []itemCase{
		{"none", deployment(web), nil, harness.Fail, `container "web" has no preStop hook: traffic can reach the pod after it stops listening`},
		{"http hook, default grace", deployment(`{containers: [{name: web, image: "web:1", lifecycle: {preStop: {httpGet: {path: /drain, port: 8080}}}}]}`),
			nil, harness.Pass, "terminationGracePeriodSeconds 30 leaves 30s to drain"},
		{"exec sleep as long as the grace", hook("20", `{exec: {command: [/bin/sh, -c, "sleep 20 && kill 1"]}}`),
			nil, harness.Fail, `terminationGracePeriodSeconds 20 does not exceed container "web"'s 20s preStop sleep`},
		{"too little margin", hook("22", `{sleep: {seconds: 20}}`), nil, harness.Fail,
			"terminationGracePeriodSeconds 22 leaves 2s after container \"web\"'s 20s preStop sleep, less than the 5s margin"},
		{"smaller margin", hook("22", `{sleep: {seconds: 20}}`), []static.Option{static.ShutdownMargin(time.Second)},
			harness.Pass, "leaves 2s to drain after a 20s preStop sleep"},
		{"no grace at all", hook("0", `{httpGet: {path: /drain, port: 8080}}`), nil, harness.Fail,
			"terminationGracePeriodSeconds 0 kills the containers with SIGKILL at once"},
		{"grace within the margin", hook("3", `{httpGet: {path: /drain, port: 8080}}`), nil, harness.Fail,
			"terminationGracePeriodSeconds 3 is shorter than the 5s margin"},
		{"tcpSocket hook", hook("30", `{tcpSocket: {port: 8080}}`), nil, harness.Fail, "a preStop hook the kubelet does not run"},
	})
}
