package timeline

import (
	"fmt"
	"time"
)

// Kind says what an Event is about.
type Kind uint8

// Event kinds.
const (
	// KindNote is anything else worth reading in a report.
	KindNote Kind = iota
	// KindPhase marks the start of a run phase.
	KindPhase
	// KindInject is a fault being injected, with the objects it hit.
	KindInject
	// KindEffect is a fault's effect observed (pod gone, node NotReady,
	// packets dropped).
	KindEffect
	// KindRevert is a fault reverted.
	KindRevert
	// KindSkip is a fault that could not run here (unsupported).
	KindSkip
	// KindRefusal is a disruption the cluster refused, e.g. an eviction
	// blocked by a PodDisruptionBudget.
	KindRefusal
	// KindAbort is a run stopping its faults early.
	KindAbort
	// KindError is a failure of the harness or of a fault.
	KindError
	// KindPod is a change of a target pod.
	KindPod
	// KindNode is a change of a node.
	KindNode
	// KindKube is a Kubernetes Event.
	KindKube
	numKinds
)

var kindNames = [numKinds]string{"note", "phase", "inject", "effect", "revert", "skip",
	"refusal", "abort", "error", "pod", "node", "kube"}

// String returns the kind's lowercase name.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// MarshalText renders the kind by name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Ref names a Kubernetes object or a node container.
type Ref struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

// String renders kind/namespace/name, or kind/name for cluster objects.
func (r Ref) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + "/" + r.Namespace + "/" + r.Name
}

// Event is one thing that happened at one moment.
type Event struct {
	Time time.Time `json:"time"`
	Kind Kind      `json:"kind"`
	// Source is who recorded it: "harness", "observe" or a fault's name.
	Source  string `json:"source"`
	Objects []Ref  `json:"objects,omitempty"`
	Message string `json:"message"`
	// Attrs carry details checks read, e.g. "reason": "OOMKilled",
	// "exitCode": "137".
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Sample is the value of a gauge series at a moment.
type Sample struct {
	Time  time.Time `json:"time"`
	Value float64   `json:"value"`
}
