// Package stress puts CPU and memory pressure on a node, or beside a target
// pod, with a stress pod pinned to that node and removed on revert. No
// image is pulled: the pod runs an image already present on the nodes,
// which must have a POSIX shell (busybox is enough).
package stress

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// DefaultTimeout bounds the wait for the stress pod to be running.
const DefaultTimeout = 2 * time.Minute

// Sentinel errors of Stress.
var (
	ErrNoImage = errors.New("stress needs an image present on the nodes")
	ErrNoLoad  = errors.New("stress needs CPU workers, memory or a command")
)

// Stress runs a pod pinned to a node that keeps CPU workers busy and holds
// memory in a memory-backed volume. The pod carries our labels, tolerates
// every taint and never restarts; revert deletes it.
type Stress struct {
	// Node pins the pod to a worker; empty picks one with the run's seed.
	Node string
	// Beside pins it instead to the node of a target pod (picked with the
	// run's seed, from Selector in Namespace or the scenario's target).
	Beside    bool
	Selector  map[string]string
	Namespace string
	// Image is an image present on the nodes, with sh; nothing is pulled.
	Image string
	// CPU is the number of busy-loop workers.
	CPU int
	// Memory is the number of bytes to hold.
	Memory int64
	// Command replaces the default shell script; it must create
	// /stress/ready once the pressure is on.
	Command []string
	// Timeout bounds the wait for the pod to be ready (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Stress{}

// Name is "stress-cpu", "stress-memory" or "stress".
func (s Stress) Name() string {
	switch {
	case s.CPU > 0 && s.Memory == 0:
		return "stress-cpu"
	case s.Memory > 0 && s.CPU == 0:
		return "stress-memory"
	}
	return "stress"
}

// Inject starts the stress pod and waits until the pressure is on.
func (s Stress) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if s.Image == "" {
		return fmt.Errorf("%s: %w", s.Name(), ErrNoImage)
	}
	if s.CPU <= 0 && s.Memory <= 0 && len(s.Command) == 0 {
		return fmt.Errorf("%s: %w", s.Name(), ErrNoLoad)
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(s.Timeout))
	defer cancel()
	node, err := s.node(ctx, env)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Name(), err)
	}
	p := s.pod(env, node)
	ref := []timeline.Ref{fault.PodRef(p.Namespace, p.Name), fault.NodeRef(node)}
	if err := undo.Push("delete stress pod "+p.Namespace+"/"+p.Name, func(ctx context.Context) error {
		return deletePod(ctx, env, p.Namespace, p.Name)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: s.Name(), Objects: ref, Message: "starting stress pod",
		Attrs: map[string]string{"cpu": fmt.Sprint(s.CPU), "memory": fmt.Sprint(s.Memory), "image": s.Image}})
	if _, err := env.Client.CoreV1().Pods(p.Namespace).Create(ctx, p, createOpts); err != nil {
		return fmt.Errorf("%s: creating pod %s/%s: %w", s.Name(), p.Namespace, p.Name, err)
	}
	if err := waitReady(ctx, env, p.Namespace, p.Name); err != nil {
		return fmt.Errorf("%s: %w: %w", s.Name(), fault.ErrNoEffect, err)
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: s.Name(), Objects: ref, Message: "pressure on"})
	return nil
}

// node returns the node to pin the stress pod to.
func (s Stress) node(ctx context.Context, env *fault.Env) (string, error) {
	if !s.Beside {
		nodes, err := fault.PickWorkers(env, s.Node, 1)
		if err != nil {
			return "", err
		}
		return nodes[0].Name, nil
	}
	pods, err := fault.PickPods(ctx, env, s.Namespace, s.Selector, 1)
	if err != nil {
		return "", err
	}
	return pods[0].Spec.NodeName, nil
}

func orDefault(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultTimeout
	}
	return d
}
