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
)

// Parameters a fault of a composed scenario may take (FaultStep fields).
const (
	ParamCount       = "count"
	ParamNode        = "node"
	ParamProbability = "probability"
	ParamProcess     = "process"
	ParamOn          = "on"
)

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
	build  func(st FaultStep, t Target) fault.Fault
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
	{"pod-delete", "deletes target pods gracefully; their controller replaces them", []string{ParamCount},
		func(st FaultStep, _ Target) fault.Fault { return pod.Delete{Count: st.Count} }},
	{"pod-delete-force", "deletes target pods with a grace period of zero", []string{ParamCount},
		func(st FaultStep, _ Target) fault.Fault { return pod.Delete{Count: st.Count, Force: true} }},
	{"pod-evict", "evicts target pods through the Eviction API (PDBs apply)", []string{ParamCount},
		func(st FaultStep, _ Target) fault.Fault { return pod.Evict{Count: st.Count} }},
	{"pod-kill", "sends SIGKILL to a target container's main process", []string{ParamCount},
		func(st FaultStep, _ Target) fault.Fault { return pod.Kill{Count: st.Count} }},
	{"node-cordon", "marks a worker unschedulable", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("cordon", st, func(n string) fault.Fault { return node.Cordon{Node: n} })
		}},
	{"node-drain", "cordons a worker and evicts its pods", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("drain", st, func(n string) fault.Fault { return node.Drain{Node: n, Timeout: st.Hold} })
		}},
	{"node-stop", "stops a worker's container (SIGTERM, then SIGKILL)", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("stop", st, func(n string) fault.Fault { return node.Stop{Node: n} })
		}},
	{"node-kill", "kills a worker's container (SIGKILL)", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("kill", st, func(n string) fault.Fault { return node.Kill{Node: n} })
		}},
	{"node-freeze", "pauses every process of a worker's container", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("freeze", st, func(n string) fault.Fault { return node.Freeze{Node: n} })
		}},
	{"node-disconnect", "takes a worker's container off the nodes' network", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("disconnect", st, func(n string) fault.Fault { return node.Disconnect{Node: n} })
		}},
	{"network-partition", "cuts a worker off from the control plane and the other nodes (iptables in its container)", []string{ParamNode},
		func(st FaultStep, _ Target) fault.Fault {
			return onNode("partition", st, func(n string) fault.Fault {
				return network.Partition{Scope: network.Scope{Node: n}, PeerNodes: true}
			})
		}},
	{"network-loss", "drops the target's pods' (or a node's) packets with a probability", []string{ParamOn, ParamNode, ParamCount, ParamProbability},
		func(st FaultStep, _ Target) fault.Fault {
			return network.Loss{Scope: netScope(st), Probability: st.Probability}
		}},
	{"network-latency", "delays packets with tc netem (where the kernel has sch_netem; SKIP elsewhere)", []string{ParamOn, ParamNode, ParamCount},
		func(st FaultStep, _ Target) fault.Fault { return network.Latency{Scope: netScope(st)} }},
	{"dns-outage", "scales cluster DNS (kube-system/coredns) to zero", nil,
		func(FaultStep, Target) fault.Fault { return network.DNSOutage{} }},
	{"dependency-partition", "cuts the target's pods off from target.dependency", nil,
		func(_ FaultStep, t Target) fault.Fault { return DependencyPartition{Dependency: t.Dependency} }},
	{"control-plane-freeze", "stops a control-plane process (kube-apiserver by default, or etcd) with SIGSTOP", []string{ParamProcess},
		func(st FaultStep, _ Target) fault.Fault { return controlplane.Freeze{Process: st.Process} }},
}

// CheckKind is a check a scenario can be composed of, by name.
type CheckKind struct {
	Name, Does string
	build      func(cfg Config, slo checks.SLO) harness.Check
}

// CheckKinds are the checks composed scenarios may use.
var CheckKinds = []CheckKind{
	{"slo", "availability (95 % Wilson interval) and p99 per path in every phase, against the spec's slo",
		func(_ Config, slo checks.SLO) harness.Check { return slo }},
	{"zero-loss", "no request failed during the fault phase",
		func(Config, checks.SLO) harness.Check { return checks.ZeroLoss{ItemName: checks.ItemFailover} }},
	{"graceful-shutdown", "no request failed while pods were terminating, none SIGKILLed",
		func(Config, checks.SLO) harness.Check { return checks.GracefulShutdown{} }},
	{"no-restarts", "no container restarted",
		func(Config, checks.SLO) harness.Check { return checks.NoRestarts{} }},
	{"no-oom-kill", "no container OOMKilled or evicted, working set under 80 % of its memory limit",
		func(Config, checks.SLO) harness.Check { return checks.NoOOMKill{} }},
	{"min-ready", "ready endpoints never below target.minReady (the PDB's own when 0) during the fault phase",
		func(cfg Config, _ checks.SLO) harness.Check { return checks.MinReady{Min: cfg.Target.MinReady} }},
	{"failover", "a lost node's pods leave the Service within the node-monitor grace + 10 s, the SLO holds after",
		func(_ Config, slo checks.SLO) harness.Check { return checks.NodeFailover{SLO: slo, Recovery: 0.95} }},
	{"surviving-replicas", "at least 2 ready pods on the nodes that were not lost",
		func(Config, checks.SLO) harness.Check {
			return checks.SurvivingReplicas{Min: checks.DefaultSurvivingReplicas}
		}},
	{"dependency-ready", "no pod left the Service while target.dependency was lost",
		func(Config, checks.SLO) harness.Check { return checks.DependencyReady{} }},
	{"dependency-isolation", "target.dependency's paths fail within its timeout, the others keep the SLO, all back 5 s after",
		func(cfg Config, slo checks.SLO) harness.Check {
			return cfg.Target.Dependency.isolation(slo.Availability)
		}},
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
