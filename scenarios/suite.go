package scenarios

import (
	"fmt"
	"slices"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
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
// Service, PodDisruptionBudget and HorizontalPodAutoscaler share its name,
// reachable through a NodePort that kind maps to 127.0.0.1.
type Target struct {
	Namespace  string
	Deployment string
	Selector   map[string]string
	NodePort   int
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

func (t Target) url(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s", t.NodePort, path)
}

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

// New returns the scenario of a kind for the configured target.
func New(k Kind, cfg Config) (harness.Scenario, error) {
	t := cfg.Target
	if t.Rate <= 0 || len(t.Paths) == 0 || t.Deployment == "" || t.NodePort == 0 {
		return harness.Scenario{}, fmt.Errorf("scenario %s: target needs a deployment, a node port, paths and a rate", k)
	}
	scale := cfg.Scale
	if scale <= 0 {
		scale = 1
	}
	d := func(x time.Duration) time.Duration { return time.Duration(float64(x) * scale).Round(time.Second) }
	if cfg.Availability == 0 {
		cfg.Availability = Availability
	}
	if cfg.P99 == 0 {
		cfg.P99 = P99
	}
	// Phases: a 10 s baseline holds ~400 requests at 40/s, the fewest
	// that judge a 99 % SLO (loadgen.MinSample); 30 s of faults lets pod
	// faults replace every pod of a 4-replica target once; 10 s of
	// recovery is ~400 requests again. The steady gate waits up to 2 min
	// (a cold pod start with its image on the node takes seconds). The
	// baseline must keep the SLO, or no PASS rests on the run.
	s := harness.Scenario{
		Name:   string(k),
		Target: harness.Target{Namespace: t.Namespace, Selector: t.Selector, Service: t.Deployment, Port: t.NodePort},
		Load:   t.steadyLoad(),
		Steady: harness.Steady{MinReady: 1, Timeout: 2 * time.Minute, RecoverTimeout: 2 * time.Minute, Baseline: cfg.Availability},
		Phases: harness.Phases{Baseline: d(10 * time.Second), Fault: d(30 * time.Second), Recovery: d(10 * time.Second)},
	}
	s.Schedule.Seed = uint64(cfg.Seed)
	slo := checks.SLO{Availability: cfg.Availability, P99: cfg.P99, PathP99: t.pathP99()}
	switch k {
	case PodTermination:
		// Defect twins may fail part of the load from the start; the gate
		// only makes sure the load reaches the target.
		s.Steady.MinSuccess, s.Steady.Windows = 0.5, 2
		// A pod every 6 s, but never faster than the Deployment replaces
		// them (Paced): removing capacity faster than Kubernetes would
		// measures the test, not the target's shutdown.
		// The state probe writes keys as the first pods go and reads them
		// back once several were replaced (a pod takes ~6 s to replace).
		probe := &StateProbe{Paths: t.statePaths()}
		s.Schedule.Steps = []harness.Step{harness.Every(6*time.Second, pod.Delete{Paced: true}),
			harness.At(0, probe.Write()), harness.At(d(24*time.Second), probe.Read())}
		s.Checks = []harness.Check{checks.GracefulShutdown{}, checks.NoRestarts{}, checks.NoOOMKill{}, slo, checks.Stateless{}}
	case RollingUpdate:
		// The rollout, 45 s on the new revision, then the rollback: both
		// end states (the demo's progress deadline is 60 s) fit in 90 s.
		s.Phases.Fault = d(90 * time.Second)
		s.Schedule.Steps = []harness.Step{harness.At(0, Rollout{Deployment: t.Deployment}).For(d(45 * time.Second))}
		// A rollout is where probes gate the new pods and a surge pod
		// takes memory: probes and resources are judged here too.
		s.Checks = []harness.Check{checks.Rollout{}, slo, checks.NoRestarts{}, checks.NoOOMKill{}}
	case NodeDrain:
		// kubectl drain's default is no timeout; 50 s lets a drain of two
		// pods (each eviction waits for its replacement Ready, ~10 s, and
		// its 10 s preStop) finish with room, and a PDB that refuses every
		// eviction show itself; the phase holds it with 10 s to spare.
		s.Phases.Fault = d(60 * time.Second)
		s.Schedule.Steps = []harness.Step{harness.At(0, OnBusiestWorker{Label: "drain-busiest-worker",
			Fault: func(n string) fault.Fault { return node.Drain{Node: n, Timeout: d(50 * time.Second)} }}).For(d(55 * time.Second))}
		// A drain is judged on what it kept ready and on what the load saw.
		s.Checks = []harness.Check{checks.MinReady{Min: t.MinReady}, slo}
	case NodeLoss:
		// The node stays down 70 s: past the node-monitor grace (50 s) and
		// the endpoints' update, so that failover happens inside the phase
		// and the SLO after it is judged on ~15 s of requests.
		s.Phases.Fault = d(75 * time.Second)
		s.Phases.Recovery = d(20 * time.Second)
		s.Steady.RecoverTimeout = 3 * time.Minute
		s.Schedule.Steps = []harness.Step{harness.At(0, OnBusiestWorker{Label: "stop-busiest-worker",
			Fault: func(n string) fault.Fault { return node.Stop{Node: n} }}).For(d(70 * time.Second))}
		// Losing a node is the pod loss that replicas guard against: a
		// deleted pod keeps serving while terminating (kube-proxy falls back
		// to terminating endpoints), a pod on a stopped node does not.
		// Until the lost node turns NotReady (~40 s) its endpoints still get
		// their share of new connections: with half its pods there, a spread
		// target serves about half of the requests; a target with every pod
		// there serves none, 60 s and more in a row. After the node returns
		// its pods restart once, which costs about 1 % of the recovery
		// phase's requests.
		// HA & failover is judged on the physics instead: the lost pods
		// must leave the Service within the node-monitor grace (+ slack)
		// and the SLO must hold once they have.
		// Spread is judged on where the pods sat when the node was lost;
		// replicas on the ready pods left on the other nodes.
		s.Checks = []harness.Check{checks.Spread{},
			// Recovery at 95 %, not the SLO: the node's return is a second
			// disruption (its kubelet restarts the pods it held, each
			// losing the requests it had in flight: ~1 % measured).
			checks.NodeFailover{SLO: slo, Recovery: 0.95},
			checks.SurvivingReplicas{Min: checks.DefaultSurvivingReplicas}}
	case NetworkPartition:
		// The busiest worker is cut off from the control plane and the
		// other nodes (every packet to or from their addresses dropped in
		// its container) for 70 s: past the node-monitor grace (50 s) and
		// the endpoints' update, as for a lost node, then healed. The
		// node never stopped: its kubelet reports again and its pods
		// return to the Service without a restart; the recovery gate
		// waits for the target whole again (no pod stuck terminating).
		s.Phases.Fault = d(75 * time.Second)
		s.Phases.Recovery = d(20 * time.Second)
		s.Steady.RecoverTimeout = 3 * time.Minute
		s.Schedule.Steps = []harness.Step{harness.At(0, OnBusiestWorker{Label: "partition-busiest-worker",
			Fault: func(n string) fault.Fault { return network.Partition{Scope: network.Scope{Node: n}, PeerNodes: true} }}).For(d(70 * time.Second))}
		// Judged as a node loss: failover within the grace, the SLO after
		// it, recovery at 95 % (the healed node's endpoints return while
		// connections through it reset), two replicas left on the others.
		s.Checks = []harness.Check{checks.NodeFailover{SLO: slo, Recovery: 0.95},
			checks.SurvivingReplicas{Min: checks.DefaultSurvivingReplicas}}
	case Autoscaling:
		s.Phases.Fault = d(75 * time.Second)
		// The demo's HPA keeps Kubernetes' 300 s scale-down window, as a
		// production HPA does: the scale-in half is judged only by runs
		// long enough to see it (-scale 6 and up) and stated as not judged
		// otherwise, so the recovery needs no more than the others.
		// The burst must call for clearly more replicas than HPAMin: 20
		// requests/s of 20 ms CPU are ~400m, 100 % of the 100m each of 4
		// pods requests, for which the HPA (target 50 %) asks 8 — well
		// past its 10 % tolerance and HPAMin 5 (at 15/s, 4 pods ran at
		// ~60 % and the 5th was Ready only after 70 s, on the bar).
		burst := loadgen.Plan{Targets: []loadgen.Target{{URL: t.url(t.WorkPath)}},
			Pacing: loadgen.Constant{Rate: loadgen.PerSecond(or(t.BurstRate, BurstRate))}, Timeout: 10 * time.Second, Workers: 32}
		s.Schedule.Steps = []harness.Step{harness.At(0, Burst{Plan: burst}).For(d(70 * time.Second))}
		s.Checks = []harness.Check{checks.HPA{Name: t.Deployment, Min: t.HPAMin, Within: orDuration(t.HPAWithin, hpaWithin), Back: t.HPABack}, checks.NoOOMKill{}}
	case NetworkPolicy:
		// The probe's self-test, clients and dials take 20-30 s.
		s.Phases.Fault = d(45 * time.Second)
		s.Schedule.Steps = []harness.Step{harness.At(0, netpol.Probe{Image: cfg.ProbeImage, Admitted: t.Admitted}).For(d(40 * time.Second))}
		s.Checks = []harness.Check{checks.NetworkPolicy{Availability: cfg.Availability}, slo}
	case DependencyOutage:
		dep := t.Dependency
		if !dep.Set() {
			return harness.Scenario{}, fmt.Errorf("scenario %s: the target declares no dependency (its service, the paths that call it and its timeout)", k)
		}
		// The steady load plus the paths that call the dependency.
		dep.load(&s, t)
		// The dependency is gone 40 s: past a liveness probe's default
		// failure window (period 10 s × threshold 3) with a probe to
		// spare, so that a liveness that checks it restarts the pods.
		// The fault phase ends 5 s after its return, then 15 s of
		// recovery: ~600 requests judge the way back.
		s.Phases.Fault, s.Phases.Recovery = d(45*time.Second), d(15*time.Second)
		s.Schedule.Steps = []harness.Step{harness.At(0, DependencyPartition{Dependency: dep}).For(d(40 * time.Second))}
		// Restarts first: a liveness probe that checks the dependency
		// restarts the pods, which also takes them out of the Service.
		s.Checks = []harness.Check{checks.NoRestarts{}, checks.DependencyReady{},
			dep.isolation(cfg.Availability)}
	case DegradedNetwork:
		// 10 % of the packets of every target pod dropped for 35 s: the
		// kubelet's probes cross the same loss (a probe whose handshake
		// is lost waits 1 s to retry, past a 1 s timeout), so a liveness
		// probe that gives up on one failure restarts the pods, while the
		// requests must keep the SLO.
		s.Phases.Fault = d(40 * time.Second)
		s.Schedule.Steps = []harness.Step{harness.At(0, network.Loss{Scope: network.Scope{Pods: true, Count: maxPods}, Probability: Loss}).For(d(35 * time.Second))}
		s.Checks = []harness.Check{checks.NoRestarts{}, checks.DegradedNetwork{Availability: cfg.Availability, Loss: Loss}}
	default:
		for _, c := range cfg.Custom {
			if c.Name == string(k) {
				return c.Build(cfg)
			}
		}
		return harness.Scenario{}, fmt.Errorf("unknown scenario %q", k)
	}
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
