package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/netpol"
)

// Parameters a fault of a composed scenario may take (FaultStep fields).
const (
	ParamCount       = "count"
	ParamNode        = "node"
	ParamProbability = "probability"
	ParamProcess     = "process"
	ParamOn          = "on"
	ParamPaced       = "paced"
	ParamRate        = "rate"
	ParamTimeout     = "timeout"
)

// params are every parameter, in the order errors check them.
var params = []string{ParamCount, ParamNode, ParamOn, ParamProbability, ParamProcess, ParamPaced, ParamRate, ParamTimeout}

// MaxBurstRate bounds a load-burst's rate: the load runs on this machine.
const MaxBurstRate = 1000

// NodeBusiest is FaultStep.Node's default for node faults: the worker
// hosting the most target pods (OnBusiestWorker). NodeRandom picks one
// with the run's seed.
const (
	NodeBusiest = "busiest"
	NodeRandom  = "random"
)

// FaultKind is a fault a scenario can be composed of, by name.
type FaultKind struct {
	Name, Does string
	// Params are the FaultStep parameters it takes.
	Params []string
	build  func(st FaultStep, b *builder) fault.Fault
}

// onNode wraps a node fault: the busiest worker by default, a seeded
// random one, or the named worker.
func onNode(name string, st FaultStep, f func(node string) fault.Fault) fault.Fault {
	switch st.Node {
	case "", NodeBusiest:
		return OnBusiestWorker{Label: name + "-busiest-worker", Fault: f}
	case NodeRandom:
		return f("")
	}
	return f(st.Node)
}

// netScope is a network fault's scope: the target's pods (Count of them,
// all by default) or a node.
func netScope(st FaultStep) network.Scope {
	if st.On == "node" {
		n := st.Node
		if n == NodeRandom || n == NodeBusiest {
			n = ""
		}
		return network.Scope{Node: n}
	}
	return network.Scope{Pods: true, Count: or(st.Count, maxPods)}
}

// FaultKinds are the faults composed scenarios may use, as `resilience
// list` shows them.
var FaultKinds = []FaultKind{
	{"pod-delete", "deletes target pods gracefully; their controller replaces them (paced: never faster than it does)", []string{ParamCount, ParamPaced},
		func(st FaultStep, _ *builder) fault.Fault { return pod.Delete{Count: st.Count, Paced: st.Paced} }},
	{"pod-delete-force", "deletes target pods with a grace period of zero", []string{ParamCount},
		func(st FaultStep, _ *builder) fault.Fault { return pod.Delete{Count: st.Count, Force: true} }},
	{"pod-evict", "evicts target pods through the Eviction API (PDBs apply)", []string{ParamCount},
		func(st FaultStep, _ *builder) fault.Fault { return pod.Evict{Count: st.Count} }},
	{"pod-kill", "sends SIGKILL to a target container's main process", []string{ParamCount},
		func(st FaultStep, _ *builder) fault.Fault { return pod.Kill{Count: st.Count} }},
	{"node-cordon", "marks a worker unschedulable", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("cordon", st, func(n string) fault.Fault { return node.Cordon{Node: n} })
		}},
	{"node-drain", "cordons a worker and evicts its pods, within timeout (default: the hold)", []string{ParamNode, ParamTimeout},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("drain", st, func(n string) fault.Fault { return node.Drain{Node: n, Timeout: orDuration(st.Timeout, st.Hold)} })
		}},
	{"node-stop", "stops a worker's container (SIGTERM, then SIGKILL)", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("stop", st, func(n string) fault.Fault { return node.Stop{Node: n} })
		}},
	{"node-kill", "kills a worker's container (SIGKILL)", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("kill", st, func(n string) fault.Fault { return node.Kill{Node: n} })
		}},
	{"node-freeze", "pauses every process of a worker's container", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("freeze", st, func(n string) fault.Fault { return node.Freeze{Node: n} })
		}},
	{"node-disconnect", "takes a worker's container off the nodes' network", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("disconnect", st, func(n string) fault.Fault { return node.Disconnect{Node: n} })
		}},
	{"network-partition", "cuts a worker off from the control plane and the other nodes (iptables in its container)", []string{ParamNode},
		func(st FaultStep, _ *builder) fault.Fault {
			return onNode("partition", st, func(n string) fault.Fault {
				return network.Partition{Scope: network.Scope{Node: n}, PeerNodes: true}
			})
		}},
	{"network-loss", "drops the target's pods' (or a node's) packets with a probability", []string{ParamOn, ParamNode, ParamCount, ParamProbability},
		func(st FaultStep, _ *builder) fault.Fault {
			return network.Loss{Scope: netScope(st), Probability: st.Probability}
		}},
	{"network-latency", "delays packets with tc netem (where the kernel has sch_netem; SKIP elsewhere)", []string{ParamOn, ParamNode, ParamCount},
		func(st FaultStep, _ *builder) fault.Fault { return network.Latency{Scope: netScope(st)} }},
	{"dns-outage", "scales cluster DNS (kube-system/coredns) to zero", nil,
		func(FaultStep, *builder) fault.Fault { return network.DNSOutage{} }},
	{"dependency-partition", "cuts the target's pods off from target.dependency", nil,
		func(_ FaultStep, b *builder) fault.Fault {
			return DependencyPartition{Dependency: b.cfg.Target.Dependency}
		}},
	{"rollout", "rolls the target Deployment out to a new revision, and back at the end of the hold", nil,
		func(_ FaultStep, b *builder) fault.Fault { return Rollout{Deployment: b.cfg.Target.Deployment} }},
	{"load-burst", "adds rate requests/s of target.workPath on top of the load (default target.burstRate)", []string{ParamRate},
		func(st FaultStep, b *builder) fault.Fault { return Burst{Plan: b.cfg.Target.burst(st.Rate)} }},
	{"network-policy-probe", "dials the target from admitted and unlabelled pods on every node, and checks the enforcer", nil,
		func(_ FaultStep, b *builder) fault.Fault {
			return netpol.Probe{Image: b.cfg.ProbeImage, Admitted: b.cfg.Target.Admitted}
		}},
	{"state-write", "writes keys through the Service (target.state), noting the pod that took each", nil,
		func(_ FaultStep, b *builder) fault.Fault { return b.probe.Write() }},
	{"state-read", "reads state-write's keys back through the Service", nil,
		func(_ FaultStep, b *builder) fault.Fault { return b.probe.Read() }},
	{"control-plane-freeze", "stops a control-plane process (kube-apiserver by default, or etcd) with SIGSTOP", []string{ParamProcess},
		func(st FaultStep, _ *builder) fault.Fault { return controlplane.Freeze{Process: st.Process} }},
}

// CheckKind is a check a scenario can be composed of, by name.
type CheckKind struct {
	Name, Does string
	build      func(b *builder, slo checks.SLO) harness.Check
}

// CheckKinds are the checks composed scenarios may use.
var CheckKinds = []CheckKind{
	{"slo", "availability (95 % Wilson interval) and p99 per path in every phase, against the spec's slo",
		func(_ *builder, slo checks.SLO) harness.Check { return slo }},
	{"zero-loss", "no request failed during the fault phase",
		func(*builder, checks.SLO) harness.Check { return checks.ZeroLoss{ItemName: checks.ItemFailover} }},
	{"graceful-shutdown", "no request failed while pods were terminating, none SIGKILLed",
		func(*builder, checks.SLO) harness.Check { return checks.GracefulShutdown{} }},
	{"no-restarts", "no container restarted",
		func(*builder, checks.SLO) harness.Check { return checks.NoRestarts{} }},
	{"no-oom-kill", "no container OOMKilled or evicted, working set under 80 % of its memory limit",
		func(*builder, checks.SLO) harness.Check { return checks.NoOOMKill{} }},
	{"min-ready", "ready endpoints never below target.minReady (the PDB's own when 0) during the fault phase",
		func(b *builder, _ checks.SLO) harness.Check { return checks.MinReady{Min: b.cfg.Target.MinReady} }},
	{"failover", "a lost node's pods leave the Service within the node-monitor grace + 10 s, the SLO holds after",
		func(_ *builder, slo checks.SLO) harness.Check { return checks.NodeFailover{SLO: slo, Recovery: 0.95} }},
	{"surviving-replicas", "at least 2 ready pods on the nodes that were not lost",
		func(*builder, checks.SLO) harness.Check {
			return checks.SurvivingReplicas{Min: checks.DefaultSurvivingReplicas}
		}},
	{"dependency-ready", "no pod left the Service while target.dependency was lost",
		func(*builder, checks.SLO) harness.Check { return checks.DependencyReady{} }},
	{"dependency-isolation", "target.dependency's paths fail within its timeout, the others keep the SLO, all back 5 s after",
		func(b *builder, slo checks.SLO) harness.Check {
			return b.cfg.Target.Dependency.isolation(slo.Availability)
		}},
	{"degraded-network", "under a network-loss step the availability SLO holds, and 3 s after it; the latency cost stated",
		func(b *builder, slo checks.SLO) harness.Check {
			return checks.DegradedNetwork{Availability: slo.Availability, Loss: b.loss}
		}},
	{"rollout", "a rollout and its rollback each complete before the progress deadline, no request failing",
		func(*builder, checks.SLO) harness.Check { return checks.Rollout{} }},
	{"hpa", "the HPA scales out to target.hpaMin Ready pods within its bar, and back in after its scale-down window",
		func(b *builder, _ checks.SLO) harness.Check { return b.cfg.Target.hpa() }},
	{"network-policy", "the policy is enforced, admits its clients and keeps the load path (network-policy-probe)",
		func(_ *builder, slo checks.SLO) harness.Check {
			return checks.NetworkPolicy{Availability: slo.Availability}
		}},
	{"stateless", "keys written before pods were replaced read back through any pod (state-write, state-read)",
		func(*builder, checks.SLO) harness.Check { return checks.Stateless{} }},
	{"spread", "where the target's pods sat when a node was lost",
		func(*builder, checks.SLO) harness.Check { return checks.Spread{} }},
}

// faultKind returns the fault named name.
func faultKind(name string) (FaultKind, error) {
	i := slices.IndexFunc(FaultKinds, func(f FaultKind) bool { return f.Name == name })
	if i < 0 {
		return FaultKind{}, fmt.Errorf("unknown fault %q (resilience list shows the %d there are)", name, len(FaultKinds))
	}
	return FaultKinds[i], nil
}

// checkKind returns the check named name.
func checkKind(name string) (CheckKind, error) {
	i := slices.IndexFunc(CheckKinds, func(c CheckKind) bool { return c.Name == name })
	if i < 0 {
		var names []string
		for _, c := range CheckKinds {
			names = append(names, c.Name)
		}
		return CheckKind{}, fmt.Errorf("unknown check %q (have %s)", name, strings.Join(names, ", "))
	}
	return CheckKinds[i], nil
}
