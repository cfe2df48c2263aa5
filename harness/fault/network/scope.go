package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
)

// Scope chooses the network namespaces a fault acts in: one worker node's,
// or those of target pods.
type Scope struct {
	// Node is the worker whose network namespace is hit when Pods is
	// false; empty picks one with the run's seed.
	Node string
	// Pods hits the network namespaces of Count target pods instead.
	Pods bool
	// Namespace and Selector choose the pods; empty means the target.
	Namespace string
	Selector  map[string]string
	// Count is how many pods; zero means one.
	Count int
}

// netns is one network namespace we can run commands in.
type netns struct {
	node string       // node container that reaches it
	path string       // /var/run/netns/<name>; "" for the node's own
	ref  timeline.Ref // what it belongs to, for events
}

// cmd returns the docker arguments that run args in the namespace.
func (n netns) cmd(args ...string) []string {
	out := []string{"exec", n.node}
	if n.path != "" {
		out = append(out, "nsenter", "--net="+n.path)
	}
	return append(out, args...)
}

// run runs a command in the namespace.
func (n netns) run(ctx context.Context, env *fault.Env, args ...string) ([]byte, error) {
	out, err := env.Engine.Docker(ctx, n.cmd(args...)...)
	if err != nil {
		return out, fmt.Errorf("%s: %w", n.ref, err)
	}
	return out, nil
}

// hooks are the built-in chains a fault's chain is jumped to from.
func (n netns) hooks() []string {
	if n.path == "" {
		return []string{"INPUT", "OUTPUT", "FORWARD"}
	}
	return []string{"INPUT", "OUTPUT"}
}

// resolve returns the network namespaces a scope names.
func (s Scope) resolve(ctx context.Context, env *fault.Env) ([]netns, error) {
	if err := env.NodeAccess(); err != nil {
		return nil, err
	}
	if !s.Pods {
		nodes, err := fault.PickWorkers(env, s.Node, 1)
		if err != nil {
			return nil, err
		}
		return []netns{{node: nodes[0].Name, ref: fault.NodeRef(nodes[0].Name)}}, nil
	}
	pods, err := fault.PickPods(ctx, env, s.Namespace, s.Selector, s.Count)
	if err != nil {
		return nil, err
	}
	out := make([]netns, 0, len(pods))
	for _, p := range pods {
		ns, err := podNetns(ctx, env, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ns)
	}
	return out, nil
}

// podNetns finds the named network namespace of a pod's sandbox through the
// process of its first running container.
func podNetns(ctx context.Context, env *fault.Env, p corev1.Pod) (netns, error) {
	ref := fault.PodRef(p.Namespace, p.Name)
	for _, st := range p.Status.ContainerStatuses {
		i := strings.Index(st.ContainerID, "://")
		if i < 0 || st.State.Running == nil {
			continue
		}
		node := p.Spec.NodeName
		out, err := env.Exec(ctx, node, "crictl", "inspect", "--output", "go-template", "--template", "{{.info.pid}}", st.ContainerID[i+3:])
		if err != nil {
			return netns{}, fmt.Errorf("pod %s/%s: finding its process: %w", p.Namespace, p.Name, err)
		}
		pid := strings.TrimSpace(string(out))
		out, err = env.Exec(ctx, node, "ip", "netns", "identify", pid)
		name := strings.TrimSpace(string(out))
		if err != nil || name == "" {
			return netns{}, fmt.Errorf("pod %s/%s: no named network namespace for pid %s: %w", p.Namespace, p.Name, pid, err)
		}
		return netns{node: node, path: "/var/run/netns/" + name, ref: ref}, nil
	}
	return netns{}, fmt.Errorf("pod %s/%s: no running container: %w", p.Namespace, p.Name, fault.ErrNoVictim)
}

// String is how a plan prints the scope.
func (s Scope) String() string {
	switch {
	case s.Pods && s.Count >= AllPods:
		return "every target pod"
	case s.Pods:
		return fmt.Sprintf("%d target pod(s)", max(s.Count, 1))
	case s.Node != "":
		return "node " + s.Node
	}
	return "a worker chosen by the run's seed"
}

// AllPods is a Count past any target's pods: the fault hits every one.
const AllPods = 1000
