package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/loadgen"
)

// Defaults of the suite, sized for the demo target and a short CI run.
const (
	// NodePort is where the demo target's Service listens, mapped to
	// 127.0.0.1.
	NodePort = 30080
	// Availability is the SLO of every phase. A phase of a short test holds
	// a few hundred requests: enough to judge 99%, not 99.9% (see
	// loadgen.MinSample); longer phases can take a stricter target.
	Availability = 0.99
	// P99 is the latency SLO (the load holds 500 ms requests on purpose).
	P99 = 1500 * time.Millisecond
	// Rate is the steady load in requests per second.
	Rate = 40
	// BurstRate is the autoscaling scenario's burst of WorkPath requests
	// per second, on top of the steady load.
	BurstRate = 20
	// Loss is the degraded-network scenario's packet loss on the target's
	// pods: severe, yet TCP retransmits every packet within a client's
	// 10 s (a handshake lost three times in a row, 1 + 2 + 4 s, happens
	// to one in a thousand), so a sound target keeps its availability. At
	// 30 % the demo's good target lost 2.5 % of its requests to the
	// client's timeout: the network's failure, not the target's.
	Loss = 0.1
)

// hpaWithin bounds a scale-out from the burst's start to the new pods
// Ready, from the pipeline Kubernetes runs it through: the kubelet rates
// CPU over ~15 s, metrics-server scrapes every 15 s (--metric-resolution),
// the HPA syncs every 15 s (--horizontal-pod-autoscaler-sync-period), then
// a pod is scheduled and starts (~10 s with its image on the node), plus
// one more sync for a load that crosses the target mid-period.
const hpaWithin = 15*time.Second + 15*time.Second + 15*time.Second + 10*time.Second + 15*time.Second

// Selector chooses the demo target's pods.
var Selector = map[string]string{"app.kubernetes.io/name": "target"}

// Kind names a scenario of the suite.
type Kind string

// The suite's scenarios. Each proves a group of checklist items.
const (
	PodTermination Kind = "pod-termination" // graceful shutdown, probes, resources, statelessness, SLOs
	RollingUpdate  Kind = "rolling-update"  // rolling update & rollback
	NodeDrain      Kind = "node-drain"      // PDB
	NodeLoss       Kind = "node-loss"       // anti-affinity / spread, HA & failover, replicas
	Autoscaling    Kind = "autoscaling"     // HPA, resources under CPU and memory work
	NetworkPolicy  Kind = "network-policy"  // network policy: enforced, admits only its clients, load path held
	// DependencyOutage: probes and degradation while the target's pods are
	// cut off from a dependency.
	DependencyOutage Kind = "dependency-outage"
	// DegradedNetwork: probes and the SLO while the target's pods lose a
	// share of their packets.
	DegradedNetwork Kind = "degraded-network"
	// NetworkPartition: HA & failover and replicas while a worker is cut
	// off from the control plane and the other nodes, then healed.
	NetworkPartition Kind = "network-partition"
)

// Kinds lists every scenario in the order runs take them: the least
// disruptive first, node loss last — a scenario that follows a node loss
// measures the cluster's recovery as much as its own target (the demo's
// good target lost requests in the two pod-termination runs that followed
// one, and in none of the others).
var Kinds = []Kind{PodTermination, NetworkPolicy, DependencyOutage, DegradedNetwork, RollingUpdate, Autoscaling, NodeDrain, NetworkPartition, NodeLoss}

// ParseKind returns the scenario kind named s.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown scenario %q (have %v)", s, Kinds)
}

// Path is one request of the steady load and its share.
type Path struct {
	Path   string
	Weight int
	// P99 is the path's own latency SLO; zero takes the run's.
	P99 time.Duration
}

// Target is the workload the suite's scenarios aim at: a Deployment whose
// PodDisruptionBudget and HorizontalPodAutoscaler share its name, behind a
// Service reachable through a NodePort that kind maps to 127.0.0.1 — or,
// without one, only at the Service's port from inside the cluster.
type Target struct {
	Namespace  string
	Deployment string
	Selector   map[string]string
	NodePort   int
	// Service is the Service in front of the pods (default: the
	// Deployment's name); ServicePort its port, where load from inside
	// the cluster goes when there is no NodePort.
	Service     string
	ServicePort int
	// Paths make the steady load; WorkPath is the CPU-heavy request the
	// autoscaling scenario bursts.
	Paths    []Path
	WorkPath string
	// Rate is the steady load in requests per second.
	Rate int
	// MinReady is the PDB's guarantee a drain must keep; HPAMin the
	// replicas the HPA must reach under the burst and HPABack the count
	// it must come back down to (zero: the HPA's minReplicas).
	MinReady, HPAMin, HPABack int
	// BurstRate is the autoscaling burst in WorkPath requests per second
	// (zero: BurstRate); HPAWithin bounds the scale-out (zero: hpaWithin).
	BurstRate int
	HPAWithin time.Duration
	// Admitted are the labels of a client the target's NetworkPolicies
	// admit (netpol.DefaultAdmitted when empty).
	Admitted map[string]string
	// State are the paths that write and read one key ("/state/{key}"),
	// for the statelessness proof; empty leaves statelessness SKIP.
	State StatePaths
	// Dependency is a backend the target calls on some paths, for the
	// dependency-outage scenario; unset, that scenario cannot run.
	Dependency Dependency
}

// Demo is the demo target (scenarios/target) in namespace ns.
func Demo(ns string) Target {
	return Target{Namespace: ns, Deployment: Deployment, Selector: Selector, NodePort: NodePort,
		Paths: []Path{{Path: "/", Weight: 7}, {Path: "/delay?ms=500", Weight: 3}}, WorkPath: "/work?ms=20", Rate: Rate,
		MinReady: 3, HPAMin: 5, Admitted: netpol.DefaultAdmitted,
		State: StatePaths{Write: "/state/{key}", Read: "/state/{key}"},
		Dependency: Dependency{Service: "store", Selector: map[string]string{"app.kubernetes.io/name": "store"},
			Paths: []Path{{Path: "/dependency", Weight: 2}}, Timeout: 2 * time.Second}}
}

// Config is what a suite run sets beyond the target.
type Config struct {
	Target Target
	Seed   int64
	// Scale stretches every phase and fault (nightly runs: 3 or 10);
	// zero means 1.
	Scale float64
	// Availability and P99 are the SLO; zero takes the defaults.
	Availability float64
	P99          time.Duration
	// ProbeImage is the network probe's image on the nodes
	// (netpol.DefaultImage).
	ProbeImage string
	// Custom are composed scenarios New builds by name, beside the
	// built-in Kinds.
	Custom []Custom
}

// url is where a request for path goes: 127.0.0.1:NodePort, or the
// Service's in-cluster name and port for a target without a NodePort
// (only attackers inside the cluster reach it; harness/attack aims them
// at the Service's ClusterIP).
func (t Target) url(path string) string {
	if !t.Local() {
		return fmt.Sprintf("http://%s.%s.svc.cluster.local:%d%s", t.ServiceName(), t.Namespace, t.ServicePort, path)
	}
	return fmt.Sprintf("http://127.0.0.1:%d%s", t.NodePort, path)
}

// URL is where a request for path goes (see url).
func (t Target) URL(path string) string { return t.url(path) }

// Local tells whether this machine reaches the target: through its
// NodePort, which kind maps to 127.0.0.1.
func (t Target) Local() bool { return t.NodePort > 0 }

// ServiceName is the target's Service: Service, else the Deployment's.
func (t Target) ServiceName() string {
	if t.Service != "" {
		return t.Service
	}
	return t.Deployment
}

// ErrNotLocal: a step that sends its requests from this machine (the
// autoscaling burst, the state probe) cannot reach a target without a
// NodePort.
var ErrNotLocal = errors.New("sent from this machine, which reaches the target only through a nodePort, and it has none")

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func orDuration(v, def time.Duration) time.Duration {
	if v > 0 {
		return v
	}
	return def
}

// pathP99 are the paths' own latency SLOs, by request URI.
func (t Target) pathP99() map[string]time.Duration {
	var m map[string]time.Duration
	for _, p := range t.Paths {
		if p.P99 > 0 {
			if m == nil {
				m = map[string]time.Duration{}
			}
			m[p.Path] = p.P99
		}
	}
	return m
}

// statePaths are the target's state paths as URLs, or none.
func (t Target) statePaths() StatePaths {
	if t.State.Write == "" || t.State.Read == "" {
		return StatePaths{}
	}
	if !t.Local() {
		return StatePaths{Unreachable: "the state probe is " + ErrNotLocal.Error()}
	}
	return StatePaths{Write: t.url(t.State.Write), Read: t.url(t.State.Read), WriteMethod: t.State.WriteMethod}
}

// steadyLoad is the scenario's own load: mostly quick requests and some
// long ones that a shutdown must let finish. CPU and memory work comes
// from the autoscaling scenario's burst.
func (t Target) steadyLoad() loadgen.Plan {
	var ts []loadgen.Target
	for _, p := range t.Paths {
		ts = append(ts, loadgen.Target{URL: t.url(p.Path), Weight: p.Weight})
	}
	return loadgen.Plan{
		Targets: ts,
		Pacing:  loadgen.Constant{Rate: loadgen.PerSecond(t.Rate)},
		Timeout: 10 * time.Second,
		Workers: 32,
		// A new connection per request: with keep-alive, Go's client
		// silently retries a GET whose reused connection the server closed,
		// which hides a shutdown that drops requests.
		DisableKeepAlive: true,
	}
}

// New returns the scenario of a kind for the configured target: a
// built-in's composition (builtins) or one of cfg.Custom, built alike.
func New(k Kind, cfg Config) (harness.Scenario, error) {
	if c, ok := Builtin(k); ok {
		if k == DependencyOutage && !cfg.Target.Dependency.Set() {
			return harness.Scenario{}, fmt.Errorf("scenario %s: the target declares no dependency (its service, the paths that call it and its timeout)", k)
		}
		return c.Build(cfg)
	}
	for _, c := range cfg.Custom {
		if c.Name == string(k) {
			return c.Build(cfg)
		}
	}
	return harness.Scenario{}, fmt.Errorf("unknown scenario %q", k)
}

// frame is what every scenario of kind k shares: the target, its steady
// load, the steady gates (the baseline must keep the SLO) and the seed.
func frame(k Kind, cfg Config) (harness.Scenario, error) {
	t := cfg.Target
	if t.Rate <= 0 || len(t.Paths) == 0 || t.Deployment == "" || t.NodePort == 0 && t.ServicePort == 0 {
		return harness.Scenario{}, fmt.Errorf("scenario %s: target needs a deployment, a node port or a Service port, paths and a rate", k)
	}
	s := harness.Scenario{
		Name:   string(k),
		Target: harness.Target{Namespace: t.Namespace, Selector: t.Selector, Service: t.ServiceName(), Port: t.NodePort},
		Load:   t.steadyLoad(),
		Steady: harness.Steady{MinReady: 1, Timeout: 2 * time.Minute, RecoverTimeout: 2 * time.Minute, Baseline: orFloat(cfg.Availability, Availability)},
	}
	s.Schedule.Seed = uint64(cfg.Seed)
	return s, nil
}

// loadTarget is one path of the load.
func loadTarget(t Target, p Path) loadgen.Target {
	return loadgen.Target{URL: t.url(p.Path), Weight: max(p.Weight, 1)}
}

// ItemsOf lists the checklist items a scenario's checks judge, in order.
func ItemsOf(s harness.Scenario) []string {
	var out []string
	for _, c := range s.Checks {
		if !slices.Contains(out, c.Item()) {
			out = append(out, c.Item())
		}
	}
	return out
}

// Items lists the checklist items a scenario of kind k gives verdicts on;
// customs are the composed scenarios k may name.
func (k Kind) Items(customs ...Custom) []string {
	s, err := New(k, Config{Target: Demo("items"), Custom: customs})
	if err != nil {
		return nil
	}
	return ItemsOf(s)
}
