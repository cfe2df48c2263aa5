package node

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Sweeper undoes what node faults leave behind.
var Sweeper fault.Sweeper = fault.SweepFunc(Sweep)

// Sweep finds worker containers that are paused, stopped or off the
// network and nodes carrying our marks, and unless dryRun unpauses,
// starts, reconnects (with the address in our mark) and uncordons them,
// then waits until the repaired nodes are Ready.
func Sweep(ctx context.Context, env *fault.Env, dryRun bool) ([]fault.Leftover, error) {
	var found []fault.Leftover
	var errs []error
	repaired := map[string]bool{}
	marks, err := markedNodes(ctx, env)
	if err != nil {
		errs = append(errs, err)
	}
	leftover := func(name, what string, fix func() error) {
		found = append(found, fault.Leftover{Family: "node", Object: fault.NodeRef(name), What: what})
		if dryRun {
			return
		}
		if err := fix(); err != nil {
			errs = append(errs, err)
		}
	}
	// Without a node provider no fault of ours touched a node container:
	// only the API's marks (cordons) can be left.
	containers := env.Nodes
	if env.NodeAccess() != nil {
		containers = nil
	}
	for _, n := range containers {
		state, err := ContainerState(ctx, env, n.Name)
		// A node container removed since the nodes were listed has
		// nothing left to repair.
		if fault.Vanished(err) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		switch state {
		case "paused":
			leftover(n.Name, "container paused: unpause", func() error { return docker(ctx, env, "unpause", n.Name) })
			repaired[n.Name] = true
		case "exited", "created", "dead":
			leftover(n.Name, "container "+state+": start", func() error { return docker(ctx, env, "start", n.Name) })
			repaired[n.Name] = true
		}
		if ip, err := NetworkIP(ctx, env, n.Name, env.NetworkName()); err == nil && ip == "" && (state == "running" || state == "paused") {
			want := marks[n.Name].Annotations[fault.AnnotationNodeIP]
			if want == "" {
				want = n.IP
			}
			leftover(n.Name, "off network "+env.NetworkName()+": reconnect with "+want, func() error {
				return Reconnect(ctx, env, "sweep", n.Name, want)
			})
			repaired[n.Name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(marks)) {
		n := marks[name]
		if n.Annotations[fault.AnnotationCordoned] != "" {
			leftover(name, "cordoned by run "+n.Annotations[fault.AnnotationCordoned]+": uncordon", func() error { return Uncordon(ctx, env, name) })
		} else if !repaired[name] {
			leftover(name, "stale address mark: remove", func() error {
				return annotateNode(ctx, env, name, map[string]any{fault.AnnotationNodeIP: nil}, nil)
			})
		}
	}
	if !dryRun {
		for name := range repaired {
			if err := WaitReady(ctx, env, "sweep", name, true, timeline.KindNote); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return found, errors.Join(errs...)
}

// markedNodes returns the nodes that carry one of our annotations.
func markedNodes(ctx context.Context, env *fault.Env) (map[string]corev1.Node, error) {
	list, err := env.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing nodes: %w", err)
	}
	out := map[string]corev1.Node{}
	for _, n := range list.Items {
		if n.Annotations[fault.AnnotationCordoned] != "" || n.Annotations[fault.AnnotationNodeIP] != "" {
			out[n.Name] = n
		}
	}
	return out, nil
}

func docker(ctx context.Context, env *fault.Env, args ...string) error {
	if _, err := env.Engine.Docker(ctx, args...); err != nil {
		return fmt.Errorf("%s node %q: %w", args[0], args[len(args)-1], err)
	}
	return nil
}
