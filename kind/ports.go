package kind

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// MapsNodePort reports whether the cluster's control-plane container
// publishes nodePort on 127.0.0.1 at the same port, as Config.Ports asks:
// load sent there reaches the Service. A reused cluster or one made
// elsewhere may lack the mapping.
func (c *Cluster) MapsNodePort(ctx context.Context, nodePort int32) (bool, error) {
	nodes, err := c.Nodes(ctx)
	if err != nil {
		return false, err
	}
	out, err := command.Run(ctx, "docker", "inspect", "--format", "{{json .HostConfig.PortBindings}}", nodes[0].Name)
	if err != nil {
		return false, fmt.Errorf("cluster %q: reading port mappings: %w", c.Name, err)
	}
	return mapsPort(out, nodePort)
}

// mapsPort reads docker's HostConfig.PortBindings JSON.
func mapsPort(bindings []byte, port int32) (bool, error) {
	var m map[string][]struct{ HostIp, HostPort string }
	if err := json.Unmarshal(bindings, &m); err != nil {
		return false, fmt.Errorf("decoding port mappings: %w", err)
	}
	for _, b := range m[strconv.Itoa(int(port))+"/tcp"] {
		if b.HostPort == strconv.Itoa(int(port)) && (b.HostIp == ListenAddress || strings.TrimSpace(b.HostIp) == "") {
			return true, nil
		}
	}
	return false, nil
}

// unmapped lists the node ports of ports the cluster does not publish.
func (c *Cluster) unmapped(ctx context.Context, ports []PortMapping) ([]int32, error) {
	var out []int32
	for _, p := range ports {
		if p.HostPort != 0 && p.HostPort != p.NodePort {
			out = append(out, p.NodePort) // MapsNodePort checks same-port mappings only
			continue
		}
		ok, err := c.MapsNodePort(ctx, p.NodePort)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, p.NodePort)
		}
	}
	return out, nil
}
