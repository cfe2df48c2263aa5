package node

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Disconnect takes a worker's container off the nodes' container network
// and waits until the node is NotReady. Revert reconnects it with its
// original address. Docker only honours `--ip` on networks with a
// user-configured IPv4 subnet, which kind's network may lack; then the
// revert reconnects without `--ip` and, if the node came back with another
// address, restarts the node container so that kind's entrypoint moves the
// node's configuration to the new address (recorded as an event).
type Disconnect struct {
	// Node is the worker to disconnect; empty picks one with the run's seed.
	Node string
	// Timeout bounds the wait for NotReady (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Disconnect{}

// Name is "node-disconnect".
func (d Disconnect) Name() string { return "node-disconnect" }

// Inject disconnects the node container and waits until the node is NotReady.
func (d Disconnect) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if err := env.NodeAccess(); err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(d.Timeout, DefaultTimeout))
	defer cancel()
	nodes, err := fault.PickWorkers(env, d.Node, 1)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	name, network := nodes[0].Name, env.NetworkName()
	ip, err := NetworkIP(ctx, env, name, network)
	if err != nil || ip == "" {
		return fmt.Errorf("%s: node %q has no address on network %q: %w", d.Name(), name, network, err)
	}
	if err := undo.Push(fmt.Sprintf("reconnect node %s to %s with %s", name, network, ip), func(ctx context.Context) error {
		if err := Reconnect(ctx, env, d.Name(), name, ip); err != nil {
			return err
		}
		return WaitReady(ctx, env, d.Name(), name, true, timeline.KindNote)
	}); err != nil {
		return err
	}
	if err := annotateNode(ctx, env, name, map[string]any{fault.AnnotationNodeIP: ip}, nil); err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: d.Name(), Objects: []timeline.Ref{fault.NodeRef(name)},
		Message: "docker network disconnect", Attrs: map[string]string{"network": network, "ip": ip}})
	if _, err := env.Engine.Docker(ctx, "network", "disconnect", network, name); err != nil {
		return fmt.Errorf("%s: disconnecting node %q from %q: %w", d.Name(), name, network, err)
	}
	return WaitReady(ctx, env, d.Name(), name, false, timeline.KindEffect)
}

// Reconnect puts a node container back on env's network with address ip,
// if it is not on it, then removes our address mark from the node.
func Reconnect(ctx context.Context, env *fault.Env, source, name, ip string) error {
	network := env.NetworkName()
	now, err := NetworkIP(ctx, env, name, network)
	if err != nil {
		return err
	}
	if now == "" {
		if err := connect(ctx, env, source, name, network, ip); err != nil {
			return err
		}
	}
	// The API may take a moment to answer for this node again; the mark
	// is harmless if this fails, and Sweep removes it later.
	_ = annotateNode(ctx, env, name, map[string]any{fault.AnnotationNodeIP: nil}, nil)
	return nil
}

func connect(ctx context.Context, env *fault.Env, source, name, network, ip string) error {
	_, err := env.Engine.Docker(ctx, "network", "connect", "--ip", ip, network, name)
	if err == nil {
		return nil
	}
	if !strings.Contains(err.Error(), "user configured subnets") {
		return fmt.Errorf("reconnecting node %q to %q with %s: %w", name, network, ip, err)
	}
	if _, err := env.Engine.Docker(ctx, "network", "connect", network, name); err != nil {
		return fmt.Errorf("reconnecting node %q to %q: %w", name, network, err)
	}
	got, err := NetworkIP(ctx, env, name, network)
	if err != nil || got == ip {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindNote, Source: source, Objects: []timeline.Ref{fault.NodeRef(name)},
		Message: fmt.Sprintf("docker refused --ip %s on network %s (no user-configured IPv4 subnet) and gave %s: restarting the node so that kind moves it to the new address", ip, network, got)})
	if _, err := env.Engine.Docker(ctx, "restart", name); err != nil {
		return fmt.Errorf("restarting node %q after reconnecting with a new address: %w", name, err)
	}
	return nil
}

// NetworkIP returns a node container's IPv4 address on a network, or ""
// when it is not connected to it.
func NetworkIP(ctx context.Context, env *fault.Env, name, network string) (string, error) {
	out, err := env.Engine.Docker(ctx, "inspect", "--format", "{{json .NetworkSettings.Networks}}", name)
	if err != nil {
		return "", fmt.Errorf("inspecting node container %q: %w", name, err)
	}
	var nets map[string]struct{ IPAddress string }
	if err := json.Unmarshal([]byte(trim(out)), &nets); err != nil {
		return "", fmt.Errorf("inspecting node container %q: decoding networks: %w", name, err)
	}
	return nets[network].IPAddress, nil
}

func trim(b []byte) string { return strings.TrimSpace(string(b)) }

// Scope is fault.ScopeCluster: every workload shares the node.
func (Disconnect) Scope() fault.Scope { return fault.ScopeCluster }
