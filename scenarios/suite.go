package scenarios

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// Settings shared by the suite's scenarios.
const (
	// NodePort is where the target's Service listens, mapped to 127.0.0.1.
	NodePort = 30080
	// Availability is the SLO of every phase. A phase of a short test holds
	// a few hundred requests: enough to judge 99%, not 99.9% (see
	// loadgen.MinSample); longer phases can take a stricter target.
	Availability = 0.99
	// P99 is the latency SLO (the load holds 500 ms requests on purpose).
	P99 = 1500 * time.Millisecond
)

// darkWindow is the availability under which a load window counts as the
// service gone dark.
const darkWindow = 0.05

// Selector chooses the target's pods.
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
)

// Kinds lists every scenario in the order the suite runs them.
var Kinds = []Kind{PodTermination, RollingUpdate, NodeDrain, NodeLoss, Autoscaling}

func url(path string) string { return fmt.Sprintf("http://127.0.0.1:%d%s", NodePort, path) }

// steadyLoad is the scenario's own load: mostly quick requests and some
// long ones that a shutdown must let finish. CPU and memory work comes
// from the autoscaling scenario's burst.
func steadyLoad() loadgen.Plan {
	return loadgen.Plan{
		Targets: []loadgen.Target{
			{URL: url("/"), Weight: 7},
			{URL: url("/delay?ms=500"), Weight: 3},
		},
		Pacing:  loadgen.Constant{Rate: loadgen.PerSecond(40)},
		Timeout: 10 * time.Second,
		Workers: 32,
		// A new connection per request: with keep-alive, Go's client
		// silently retries a GET whose reused connection the server closed,
		// which hides a shutdown that drops requests.
		DisableKeepAlive: true,
	}
}

// New returns the scenario of a kind for a target in namespace ns.
func New(k Kind, ns string, seed int64) (harness.Scenario, error) {
	s := harness.Scenario{
		Name:   string(k),
		Target: harness.Target{Namespace: ns, Selector: Selector, Service: Deployment, Port: NodePort},
		Load:   steadyLoad(),
		Steady: harness.Steady{MinReady: 1, Timeout: 2 * time.Minute, RecoverTimeout: 2 * time.Minute},
		Phases: harness.Phases{Baseline: 10 * time.Second, Fault: 30 * time.Second, Recovery: 10 * time.Second},
	}
	s.Schedule.Seed = uint64(seed)
	slo := checks.SLO{Availability: Availability, P99: P99}
	switch k {
	case PodTermination:
		// Defect twins may fail part of the load from the start; the gate
		// only makes sure the load reaches the target.
		s.Steady.MinSuccess, s.Steady.Windows = 0.5, 2
		s.Schedule.Steps = []harness.Step{harness.Every(6*time.Second, pod.Delete{})}
		s.Checks = []harness.Check{checks.GracefulShutdown{}, checks.NoRestarts{}, checks.NoOOMKill{}, slo,
			checks.SLO{Availability: Availability, Phases: faultPhase, ItemName: checks.ItemStateless}}
	case RollingUpdate:
		s.Phases.Fault = 90 * time.Second
		s.Schedule.Steps = []harness.Step{harness.At(0, Rollout{Deployment: Deployment}).For(45 * time.Second)}
		s.Checks = []harness.Check{checks.ZeroLoss{ItemName: checks.ItemRollout}, slo}
	case NodeDrain:
		s.Phases.Fault = 60 * time.Second
		s.Schedule.Steps = []harness.Step{harness.At(0, OnBusiestWorker{Label: "drain-busiest-worker",
			Fault: func(n string) fault.Fault { return node.Drain{Node: n, Timeout: 50 * time.Second} }}).For(55 * time.Second)}
		s.Checks = []harness.Check{checks.MinReady{Min: 2}}
	case NodeLoss:
		s.Phases.Fault = 75 * time.Second
		s.Phases.Recovery = 20 * time.Second
		s.Steady.RecoverTimeout = 3 * time.Minute
		s.Schedule.Steps = []harness.Step{harness.At(0, OnBusiestWorker{Label: "stop-busiest-worker",
			Fault: func(n string) fault.Fault { return node.Stop{Node: n} }}).For(70 * time.Second)}
		// Losing a node is the pod loss that replicas guard against: a
		// deleted pod keeps serving while terminating (kube-proxy falls back
		// to terminating endpoints), a pod on a stopped node does not.
		// Until the lost node turns NotReady (~40 s) its endpoints still get
		// their share of new connections: with 2 of 3 pods there, a spread
		// target serves about a third of the requests (seen: worst window
		// 22 %); a target with every pod there serves none. After the node
		// returns its pods restart once, which costs about 1 % of the
		// recovery phase's requests.
		s.Checks = []harness.Check{checks.Failover{MinWindow: darkWindow, Recovery: 0.95},
			checks.Failover{MinWindow: darkWindow, Recovery: 0.95, ItemName: checks.ItemFailover},
			checks.Failover{MinWindow: darkWindow, Recovery: 0.95, ItemName: checks.ItemReplicas}}
	case Autoscaling:
		s.Phases.Fault = 75 * time.Second
		s.Phases.Recovery = 75 * time.Second
		burst := loadgen.Plan{Targets: []loadgen.Target{{URL: url("/work?ms=20")}},
			Pacing: loadgen.Constant{Rate: loadgen.PerSecond(30)}, Timeout: 10 * time.Second, Workers: 32}
		s.Schedule.Steps = []harness.Step{harness.At(0, Burst{Plan: burst}).For(70 * time.Second)}
		s.Checks = []harness.Check{checks.HPA{Name: Deployment, Min: 4, Within: 70 * time.Second, Back: 3}, checks.NoOOMKill{}}
	default:
		return harness.Scenario{}, fmt.Errorf("unknown scenario %q", k)
	}
	return s, nil
}

var faultPhase = []timeline.Phase{timeline.PhaseFault}
