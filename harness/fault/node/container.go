package node

import (
	"context"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Stop stops a worker's container (docker stop: SIGTERM, then SIGKILL) and
// waits until the node is NotReady; revert starts it and waits until Ready.
type Stop struct {
	// Node is the worker to stop; empty picks one with the run's seed.
	Node string
	// Timeout bounds the wait for NotReady (DefaultTimeout).
	Timeout time.Duration
}

// Kill kills a worker's container (docker kill: SIGKILL, no shutdown) and
// waits until the node is NotReady; revert starts it and waits until Ready.
type Kill struct {
	// Node and Timeout are as in Stop.
	Node    string
	Timeout time.Duration
}

// Freeze pauses every process of a worker's container (docker pause, the
// cgroup freezer) and waits until the node is NotReady; revert unpauses it
// and waits until Ready.
type Freeze struct {
	// Node and Timeout are as in Stop.
	Node    string
	Timeout time.Duration
}

var (
	_ fault.Fault = Stop{}
	_ fault.Fault = Kill{}
	_ fault.Fault = Freeze{}
)

// Name is "node-stop".
func (s Stop) Name() string { return "node-stop" }

// Name is "node-kill".
func (k Kill) Name() string { return "node-kill" }

// Name is "node-freeze".
func (f Freeze) Name() string { return "node-freeze" }

// Inject stops the node container.
func (s Stop) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	return containerFault(ctx, env, undo, s.Name(), s.Node, s.Timeout, "stop", "start")
}

// Inject kills the node container.
func (k Kill) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	return containerFault(ctx, env, undo, k.Name(), k.Node, k.Timeout, "kill", "start")
}

// Inject pauses the node container.
func (f Freeze) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	return containerFault(ctx, env, undo, f.Name(), f.Node, f.Timeout, "pause", "unpause")
}

// MsgNodeDown starts the note a node container fault records once its
// docker command has returned: the node is down (stopped, killed, frozen).
const MsgNodeDown = "node down"

// containerFault runs `docker <do> node`, having armed `docker <undo> node`
// and a wait for Ready, then waits until the node is NotReady.
func containerFault(ctx context.Context, env *fault.Env, undo *fault.Undo, source, want string, timeout time.Duration, do, revert string) error {
	if err := env.NodeAccess(); err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(timeout, DefaultTimeout))
	defer cancel()
	nodes, err := fault.PickWorkers(env, want, 1)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	name := nodes[0].Name
	if err := undo.Push(revert+" node "+name, func(ctx context.Context) error {
		if _, err := env.Engine.Docker(ctx, revert, name); err != nil && !alreadyRunning(ctx, env, name) {
			return fmt.Errorf("%s node %q: %w", revert, name, err)
		}
		return WaitReady(ctx, env, source, name, true, timeline.KindNote)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: source, Objects: []timeline.Ref{fault.NodeRef(name)},
		Message: "docker " + do, Attrs: map[string]string{"ip": nodes[0].IP}})
	if _, err := env.Engine.Docker(ctx, do, name); err != nil {
		return fmt.Errorf("%s: %s node %q: %w", source, do, name, err)
	}
	// `docker stop` gives the node up to 10 s to shut down: the node is
	// lost when it returns, and the failover clock starts there.
	env.Emit(timeline.Event{Kind: timeline.KindNote, Source: source, Objects: []timeline.Ref{fault.NodeRef(name)},
		Message: MsgNodeDown + ": docker " + do + " returned"})
	return WaitReady(ctx, env, source, name, false, timeline.KindEffect)
}

// alreadyRunning reports whether a failed start or unpause failed because the
// container already runs: reverting twice is not an error.
func alreadyRunning(ctx context.Context, env *fault.Env, name string) bool {
	state, err := ContainerState(ctx, env, name)
	return err == nil && state == "running"
}

// ContainerState returns a node container's state: running, paused,
// exited, created...
func ContainerState(ctx context.Context, env *fault.Env, name string) (string, error) {
	out, err := env.Engine.Docker(ctx, "inspect", "--format", "{{.State.Status}}", name)
	if err != nil {
		return "", fmt.Errorf("inspecting node container %q: %w", name, err)
	}
	return trim(out), nil
}

// Scope is fault.ScopeCluster: every workload shares the node.
func (Stop) Scope() fault.Scope { return fault.ScopeCluster }

// Scope is fault.ScopeCluster: every workload shares the node.
func (Kill) Scope() fault.Scope { return fault.ScopeCluster }

// Scope is fault.ScopeCluster: every workload shares the node.
func (Freeze) Scope() fault.Scope { return fault.ScopeCluster }
