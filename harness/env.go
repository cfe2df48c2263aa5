package harness

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
)

// NewEnv returns the environment faults act through, after the safety
// check (Guard). On a kind cluster its node list comes from the container
// engine, so stopped or disconnected nodes are in it too.
func NewEnv(ctx context.Context, c Cluster, opts ...Option) (*fault.Env, error) {
	cfg := newConfig(opts)
	env, err := newEnv(ctx, c, cfg)
	if err != nil {
		return nil, err
	}
	if err := Guard(ctx, env.Client, c.Context(), cfg.allow); err != nil {
		return nil, err
	}
	return env, nil
}

func newEnv(ctx context.Context, c Cluster, cfg config) (*fault.Env, error) {
	cs, err := c.Clientset()
	if err != nil {
		return nil, err
	}
	env := &fault.Env{Client: cs, Network: cfg.network, RunID: cfg.runID, Log: cfg.log}
	if env.Engine, env.Nodes, err = faultNodes(ctx, c, cfg.engine); err != nil {
		return nil, err
	}
	return env, nil
}

// nodeContainers lists a kind cluster's node containers, running or not,
// control plane first, with their address on the nodes' network (empty
// when stopped or disconnected).
func nodeContainers(ctx context.Context, eng fault.Engine, cluster string) ([]kind.Node, error) {
	out, err := eng.Docker(ctx, "ps", "-a", "--filter", "label=io.x-k8s.kind.cluster="+cluster,
		"--format", `{{.Names}}	{{.Label "io.x-k8s.kind.role"}}`)
	if err != nil {
		return nil, fmt.Errorf("cluster %q: listing node containers: %w", cluster, err)
	}
	var nodes []kind.Node
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, role, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		ip, err := eng.Docker(ctx, "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}},{{.GlobalIPv6Address}} {{end}}", name)
		if err != nil {
			return nil, fmt.Errorf("cluster %q: inspecting node %q: %w", cluster, name, err)
		}
		first, _, _ := strings.Cut(strings.TrimSpace(string(ip)), " ")
		v4, v6, _ := strings.Cut(first, ",")
		nodes = append(nodes, kind.Node{Name: name, Role: kind.Role(role), IP: v4, IPv6: v6})
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("cluster %q: no node containers", cluster)
	}
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].Role != nodes[j].Role {
			return nodes[i].Role == kind.ControlPlane
		}
		return nodes[i].Name < nodes[j].Name
	})
	return nodes, nil
}
