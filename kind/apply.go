package kind

import (
	"bytes"
	"context"
	"fmt"

	"github.com/golive/resilience/kind/command"
)

// Apply applies Kubernetes manifests (YAML, several documents allowed) with
// the kubectl inside the control-plane node, as kind applies its own.
func (c *Cluster) Apply(ctx context.Context, manifests []byte) error {
	return c.kubectl(ctx, manifests, "apply", "-f", "-")
}

// Remove deletes the objects of the manifests, ignoring those already gone.
func (c *Cluster) Remove(ctx context.Context, manifests []byte) error {
	return c.kubectl(ctx, manifests, "delete", "--ignore-not-found", "--wait=false", "-f", "-")
}

func (c *Cluster) kubectl(ctx context.Context, stdin []byte, args ...string) error {
	nodes, err := c.Nodes(ctx)
	if err != nil {
		return err
	}
	full := append([]string{"exec", "-i", nodes[0].Name, "kubectl", "--kubeconfig=/etc/kubernetes/admin.conf"}, args...)
	if _, err := (command.Cmd{Name: "docker", Args: full, Stdin: bytes.NewReader(stdin)}).Run(ctx); err != nil {
		return fmt.Errorf("cluster %q: kubectl %s: %w", c.Name, args[0], err)
	}
	return nil
}
