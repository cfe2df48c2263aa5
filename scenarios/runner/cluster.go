package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/scenarios/spec"
)

// ErrPortNotMapped: the cluster does not publish the target's NodePort on
// 127.0.0.1, so load could not reach it.
var ErrPortNotMapped = errors.New("node port not mapped to 127.0.0.1")

// KindCluster makes the spec's kind cluster, or reuses a healthy one of that
// name on the same node image, with every target's NodePort mapped to
// 127.0.0.1, and returns it with its node image.
func KindCluster(ctx context.Context, p *kind.Provider, s *spec.Spec, log *slog.Logger) (*kind.Cluster, string, error) {
	image, err := nodeimage.Ensure(ctx, nodeimage.DefaultKubernetesVersion, nodeimage.WithLogger(log))
	if err != nil {
		return nil, "", err
	}
	cfg := kind.Config{Name: s.Cluster.Name, NodeImage: image, Workers: s.Cluster.Workers}
	for _, t := range s.Tenants() {
		if t.Target.NodePort != 0 {
			cfg.Ports = append(cfg.Ports, kind.PortMapping{NodePort: int32(t.Target.NodePort)})
		}
	}
	c, err := p.GetOrCreate(ctx, cfg)
	if err != nil {
		return nil, "", err
	}
	return c, image, CheckPorts(ctx, c, s)
}

// CheckPorts returns ErrPortNotMapped unless the cluster maps the NodePort
// of every target of the spec that has one.
func CheckPorts(ctx context.Context, c *kind.Cluster, s *spec.Spec) error {
	for _, t := range s.Tenants() {
		if t.Target.NodePort == 0 {
			continue
		}
		if err := CheckPort(ctx, c, t.Target.NodePort); err != nil {
			return err
		}
	}
	return nil
}

// CheckPort returns ErrPortNotMapped unless the cluster maps port.
func CheckPort(ctx context.Context, c *kind.Cluster, port int) error {
	ok, err := c.MapsNodePort(ctx, int32(port))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("cluster %q: %w: %d (it was made with other ports; delete it with `resilience cluster down -name %s` or choose another cluster)",
			c.Name, ErrPortNotMapped, port, c.Name)
	}
	return nil
}
