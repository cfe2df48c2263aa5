// Package fault defines what every fault of the harness is — a small type
// that disturbs a kind cluster, pushes the step that undoes each change
// onto an Undo before making it, and returns once its effect is observed —
// together with the environment faults run in and the helpers they share.
// The fault families live in the subpackages pod, node, network, stress and
// controlplane.
package fault

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
	"k8s.io/client-go/kubernetes"
)

// Fault is one way to disturb a cluster.
type Fault interface {
	// Name is the fault's short kebab-case name, e.g. "pod-delete".
	Name() string
	// Inject disturbs the cluster and returns once the effect is observed
	// (or its time limit passes). Before each change it pushes the step that
	// undoes that change onto undo, so that whatever happens next, even a
	// panic or a cancelled ctx halfway through, undo.Revert restores the
	// cluster. Inject records what it hit and when through env.Emit.
	Inject(ctx context.Context, env *Env, undo *Undo) error
}

// Sentinel errors of faults.
var (
	// ErrUnsupported means the fault cannot run on this machine or
	// cluster; the run reports it as SKIP, never as a pass.
	ErrUnsupported = errors.New("fault unsupported here")
	// ErrNoVictim means nothing matched the fault's selection.
	ErrNoVictim = errors.New("no victim matches")
	// ErrNoEffect means the fault's effect was not observed in time.
	ErrNoEffect = errors.New("fault effect not observed")
	// ErrReverted means an Undo was already reverted: the fault must not
	// make the change it was about to make.
	ErrReverted = errors.New("fault already reverted")
)

// Env is what faults act through. Run builds it from a kind cluster; unit
// tests fill it with client-go's fake clientset and a fake Engine.
type Env struct {
	// Client talks to the cluster's API server.
	Client kubernetes.Interface
	// Engine runs container-engine commands on the node containers.
	Engine Engine
	// Nodes are the cluster's node containers, control plane first.
	Nodes []kind.Node
	// Network is the container network of the nodes ("kind").
	Network string
	// Namespace and Selector name the target workload; pod faults that
	// leave theirs empty use these.
	Namespace string
	Selector  map[string]string
	// Workloads are every tenant's workload when several share a run
	// (ScopeCluster faults see them all); empty means the one above.
	Workloads []Workload
	// Rand picks victims; seed it and the same victims come out in the
	// same order. Nil picks the first candidates by name.
	Rand *rand.Rand
	// RunID marks the objects a run touches (labels, annotations).
	RunID string
	// Record receives the fault's events; nil drops them.
	Record func(timeline.Event)
	// Log receives debug logs; nil discards them.
	Log *slog.Logger
}

// TargetWorkloads returns Workloads, or the env's one workload when there
// are none.
func (e *Env) TargetWorkloads() []Workload {
	if len(e.Workloads) > 0 {
		return e.Workloads
	}
	return []Workload{{Namespace: e.Namespace, Selector: e.Selector}}
}

// DefaultNetwork is the container network kind puts its nodes on.
const DefaultNetwork = "kind"

// LabelInstrument marks the pods that measure a run (the in-cluster load's
// attackers; its value says which). The faults of this project spare them,
// as kubectl drain spares DaemonSet pods: a drain that evicted the load
// would measure the load, not the target.
const LabelInstrument = "golive.io/instrument"

// Emit records an event if the env has a recorder.
func (e *Env) Emit(ev timeline.Event) {
	if e.Record != nil {
		e.Record(ev)
	}
}

// Logger returns the env's logger, or one that discards.
func (e *Env) Logger() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Log
}

// NetworkName returns Network, or DefaultNetwork when it is empty.
func (e *Env) NetworkName() string {
	if e.Network == "" {
		return DefaultNetwork
	}
	return e.Network
}

// ControlPlane returns the control-plane node.
func (e *Env) ControlPlane() (kind.Node, error) {
	for _, n := range e.Nodes {
		if n.Role == kind.ControlPlane {
			return n, nil
		}
	}
	return kind.Node{}, errors.New("cluster has no control-plane node")
}

// NodeRef names a node in events.
func NodeRef(name string) timeline.Ref { return timeline.Ref{Kind: "node", Name: name} }

// PodRef names a pod in events.
func PodRef(namespace, name string) timeline.Ref {
	return timeline.Ref{Kind: "pod", Namespace: namespace, Name: name}
}
