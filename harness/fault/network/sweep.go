package network

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Sweeper undoes what network faults leave behind.
var Sweeper fault.Sweeper = fault.SweepFunc(Sweep)

// Sweep finds our iptables chains and netem qdiscs in every running node's
// network namespace and in every pod namespace under /var/run/netns, and
// Deployments we scaled down, and unless dryRun removes the chains and
// qdiscs and restores the replicas.
func Sweep(ctx context.Context, env *fault.Env, dryRun bool) ([]fault.Leftover, error) {
	var found []fault.Leftover
	var errs []error
	add := func(ref timeline.Ref, what string, fix func() error) {
		found = append(found, fault.Leftover{Family: "network", Object: ref, What: what})
		if !dryRun {
			// What vanished since it was listed needs no undoing.
			if err := fix(); err != nil && !fault.Vanished(err) {
				errs = append(errs, err)
			}
		}
	}
	// Without a node provider no chain or qdisc of ours can be in a node.
	nodes := env.Nodes
	if env.NodeAccess() != nil {
		nodes = nil
	}
	for _, node := range nodes {
		spaces, err := namespaces(ctx, env, node.Name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, n := range spaces {
			vanished := false
			for _, bin := range []string{tables4, tables6} {
				out, err := xtables(ctx, env, n, bin, "-S")
				// A pod's namespace listed above may have been deleted with
				// its pod since; nothing of ours is left in it.
				if fault.Vanished(err) {
					vanished = true
					break
				}
				if err != nil {
					errs = append(errs, err)
					continue
				}
				for _, line := range strings.Split(string(out), "\n") {
					if f := strings.Fields(line); len(f) == 2 && f[0] == "-N" && strings.HasPrefix(f[1], fault.ChainPrefix) {
						add(n.ref, bin+" chain "+f[1]+": delete", func() error { return removeChainIn(ctx, env, n, bin, f[1]) })
					}
				}
			}
			if vanished {
				continue
			}
			if out, err := n.run(ctx, env, "tc", "qdisc", "show", "dev", "eth0"); err == nil && strings.Contains(string(out), " "+fault.QdiscHandle+" ") {
				add(n.ref, "netem qdisc on eth0: delete", func() error { return deleteQdisc(ctx, env, n, "eth0") })
			}
		}
	}
	deps, err := env.Client.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
	if err != nil {
		errs = append(errs, fmt.Errorf("listing deployments: %w", err))
	} else {
		for _, d := range deps.Items {
			v, ok := d.Annotations[fault.AnnotationReplicas]
			if !ok {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("deployment %s/%s: bad %s %q", d.Namespace, d.Name, fault.AnnotationReplicas, v))
				continue
			}
			add(timeline.Ref{Kind: "deployment", Namespace: d.Namespace, Name: d.Name}, "scaled down to "+
				strconv.Itoa(int(ptrOr(d.Spec.Replicas)))+": restore "+v+" replicas", func() error {
				return RestoreReplicas(ctx, env, d.Namespace, d.Name, int32(n))
			})
		}
	}
	return found, errors.Join(errs...)
}

// namespaces lists a running node's own network namespace and its named
// pod namespaces; a node that is not running, or whose container is gone,
// has none to sweep.
func namespaces(ctx context.Context, env *fault.Env, node string) ([]netns, error) {
	state, err := env.Engine.Docker(ctx, "inspect", "--format", "{{.State.Status}}", node)
	if fault.Vanished(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("inspecting node container %q: %w", node, err)
	}
	if strings.TrimSpace(string(state)) != "running" {
		return nil, nil
	}
	out := []netns{{node: node, ref: fault.NodeRef(node)}}
	names, err := env.Exec(ctx, node, "ls", "-1", "/var/run/netns")
	if err != nil {
		return out, nil // no pod namespaces yet
	}
	for _, name := range strings.Fields(string(names)) {
		out = append(out, netns{node: node, path: "/var/run/netns/" + name,
			ref: timeline.Ref{Kind: "netns", Namespace: node, Name: name}})
	}
	return out, nil
}

func ptrOr(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}
