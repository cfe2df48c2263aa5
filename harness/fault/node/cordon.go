package node

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Cordon marks a worker unschedulable; revert makes it schedulable again.
// A node that was already cordoned is left alone, and so is its revert.
type Cordon struct {
	// Node is the worker to cordon; empty picks one with the run's seed.
	Node string
	// Timeout bounds the wait for the change (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Cordon{}

// Name is "node-cordon".
func (c Cordon) Name() string { return "node-cordon" }

// Inject cordons the node and waits until the API shows it unschedulable.
func (c Cordon) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout, DefaultTimeout))
	defer cancel()
	nodes, err := fault.PickWorkers(env, c.Node, 1)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Name(), err)
	}
	return cordon(ctx, env, undo, c.Name(), nodes[0].Name)
}

// cordon cordons a node (revert armed first) unless it already is.
func cordon(ctx context.Context, env *fault.Env, undo *fault.Undo, source, name string) error {
	n, err := env.Client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("%s: reading node %q: %w", source, name, err)
	}
	ref := []timeline.Ref{fault.NodeRef(name)}
	if n.Spec.Unschedulable {
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: source, Objects: ref, Message: "node already cordoned: left alone"})
		return nil
	}
	if err := undo.Push("uncordon node "+name, func(ctx context.Context) error {
		return Uncordon(ctx, env, name)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: source, Objects: ref, Message: "cordoning node"})
	if err := patchNode(ctx, env, name, true, map[string]any{fault.AnnotationCordoned: env.RunID}); err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	if err := waitUnschedulable(ctx, env, name, true); err != nil {
		return fmt.Errorf("%s: %w: %w", source, fault.ErrNoEffect, err)
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: source, Objects: ref, Message: "node unschedulable"})
	return nil
}

// Uncordon makes a node schedulable and removes our cordon mark.
func Uncordon(ctx context.Context, env *fault.Env, name string) error {
	if err := patchNode(ctx, env, name, false, map[string]any{fault.AnnotationCordoned: nil}); err != nil {
		return err
	}
	return waitUnschedulable(ctx, env, name, false)
}

// patchNode sets spec.unschedulable and annotations (nil removes one).
func patchNode(ctx context.Context, env *fault.Env, name string, unschedulable bool, annotations map[string]any) error {
	spec := map[string]any{"unschedulable": nil}
	if unschedulable {
		spec["unschedulable"] = true
	}
	return annotateNode(ctx, env, name, annotations, spec)
}

// annotateNode merge-patches a node's annotations (nil removes one) and,
// if given, its spec.
func annotateNode(ctx context.Context, env *fault.Env, name string, annotations map[string]any, spec map[string]any) error {
	patch := map[string]any{"metadata": map[string]any{"annotations": annotations}}
	if spec != nil {
		patch["spec"] = spec
	}
	b, err := json.Marshal(patch)
	if err != nil {
		return fmt.Errorf("patching node %q: %w", name, err)
	}
	if _, err := env.Client.CoreV1().Nodes().Patch(ctx, name, types.MergePatchType, b, metav1.PatchOptions{}); err != nil {
		return fmt.Errorf("patching node %q: %w", name, err)
	}
	return nil
}

// Scope is fault.ScopeCluster: every workload shares the node.
func (Cordon) Scope() fault.Scope { return fault.ScopeCluster }
