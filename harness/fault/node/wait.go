package node

import (
	"context"
	"fmt"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
)

// Ready reports whether a node's Ready condition is True.
func Ready(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// WaitReady watches a node until its readiness is want, then records an
// event of kind (KindEffect when a fault's effect, KindNote otherwise).
func WaitReady(ctx context.Context, env *fault.Env, source, name string, want bool, kind timeline.Kind) error {
	err := kube.Until(ctx, kube.Node(env.Client, name), func(nodes []*corev1.Node) (bool, error) {
		for _, n := range nodes {
			if n.Name == name && Ready(n) == want {
				return true, nil
			}
		}
		return false, nil
	})
	state := "NotReady"
	if want {
		state = "Ready"
	}
	if err != nil {
		return fmt.Errorf("%s: node %q not %s: %w: %w", source, name, state, fault.ErrNoEffect, err)
	}
	env.Emit(timeline.Event{Kind: kind, Source: source, Objects: []timeline.Ref{fault.NodeRef(name)}, Message: "node " + state})
	return nil
}

// waitUnschedulable watches a node until spec.unschedulable is want.
func waitUnschedulable(ctx context.Context, env *fault.Env, name string, want bool) error {
	err := kube.Until(ctx, kube.Node(env.Client, name), func(nodes []*corev1.Node) (bool, error) {
		for _, n := range nodes {
			if n.Name == name && n.Spec.Unschedulable == want {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("node %q: waiting for unschedulable=%v: %w", name, want, err)
	}
	return nil
}
