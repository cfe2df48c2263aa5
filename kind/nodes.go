package kind

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// Role of a node.
type Role string

// Node roles.
const (
	ControlPlane Role = "control-plane"
	Worker       Role = "worker"
)

// Node is a handle on one node container: what fault code needs to pause,
// stop, disconnect or exec into it.
type Node struct {
	Name string // container name, also the Kubernetes node name
	Role Role
	IP   string // IPv4 address on the kind Docker network
	// IPv6 is its IPv6 address there, when the network has one (kind's
	// does): traffic between nodes may take either.
	IPv6 string
}

// Nodes lists the cluster's nodes, control plane first, then workers by name.
func (c *Cluster) Nodes(ctx context.Context) ([]Node, error) {
	kn, err := ctxCall(ctx, func() ([]Node, error) {
		list, err := c.provider.kind.ListNodes(c.Name)
		if err != nil {
			return nil, err
		}
		out := make([]Node, 0, len(list))
		for _, n := range list {
			role, err := n.Role()
			if err != nil {
				return nil, fmt.Errorf("node %s: role: %w", n, err)
			}
			ip, ip6, err := n.IP()
			if err != nil {
				return nil, fmt.Errorf("node %s: address: %w", n, err)
			}
			out = append(out, Node{Name: n.String(), Role: Role(role), IP: ip, IPv6: ip6})
		}
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("cluster %q: listing nodes: %w", c.Name, err)
	}
	if len(kn) == 0 {
		return nil, fmt.Errorf("cluster %q: no node containers", c.Name)
	}
	sort.Slice(kn, func(i, j int) bool {
		if kn[i].Role != kn[j].Role {
			return kn[i].Role == ControlPlane
		}
		return kn[i].Name < kn[j].Name
	})
	return kn, nil
}

// Workers returns the worker nodes.
func (c *Cluster) Workers(ctx context.Context) ([]Node, error) {
	all, err := c.Nodes(ctx)
	if err != nil {
		return nil, err
	}
	var out []Node
	for _, n := range all {
		if n.Role == Worker {
			out = append(out, n)
		}
	}
	return out, nil
}

// nodeImage is the image the control-plane container runs.
func (c *Cluster) nodeImage(ctx context.Context) (string, error) {
	nodes, err := c.Nodes(ctx)
	if err != nil {
		return "", err
	}
	out, err := command.Run(ctx, "docker", "inspect", "--format", "{{.Config.Image}}", nodes[0].Name)
	if err != nil {
		return "", fmt.Errorf("cluster %q: %w", c.Name, err)
	}
	return strings.TrimSpace(string(out)), nil
}
