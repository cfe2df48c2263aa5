package kind

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// NetworkName is the Docker network kind puts every cluster's nodes on.
const NetworkName = "kind"

// runFunc runs a program and returns its standard output (command.Run).
type runFunc func(ctx context.Context, name string, args ...string) ([]byte, error)

// ErrNoHostFirewall: the host has no iptables or no DOCKER-USER chain to
// confine pod traffic with (Docker Desktop's VM, rootless Docker). Confine
// wraps it; the cluster still works, unconfined.
var ErrNoHostFirewall = errors.New("no host firewall to confine pod traffic with (iptables and Docker's DOCKER-USER chain)")

// Confine keeps packets for the cluster's pod and Service addresses on the
// Docker network of its nodes. A node sends a packet for another node's
// pods to that node over the bridge. A node that cannot deliver it — one
// just restarted, whose pod bridge is not up yet, or one whose routes to
// a lost node's pods were withdrawn — forwards it along its default route
// to this host, which would send it out of its own uplink, to an address
// that is neither loopback nor on the bridge. Measured: a worker back from
// a stop forwarded its peers' SYNs for its pods to this host for seconds;
// with a longer outage half of the load got HTTP 403 from whatever answers
// out there. Confine drops such packets in Docker's DOCKER-USER chain, so
// that a request to a pod that cannot be reached times out, as it would
// in a data centre whose routers know no such address. It is idempotent.
func Confine(ctx context.Context, podSubnet, serviceSubnet string) error {
	if _, err := exec.LookPath("iptables"); err != nil {
		return fmt.Errorf("%w: %v", ErrNoHostFirewall, err)
	}
	return confine(ctx, command.Run, podSubnet, serviceSubnet)
}

func confine(ctx context.Context, run runFunc, subnets ...string) error {
	bridge, err := bridgeOf(ctx, run, NetworkName)
	if err != nil {
		return err
	}
	if _, err := run(ctx, "iptables", "-n", "-L", "DOCKER-USER"); err != nil {
		return fmt.Errorf("%w: %v", ErrNoHostFirewall, err)
	}
	for _, s := range strings.Split(strings.Join(subnets, ","), ",") {
		if s = strings.TrimSpace(s); s == "" || strings.Contains(s, ":") { // IPv6 is left to ip6tables' users
			continue
		}
		rule := confineRule(bridge, s)
		if _, err := run(ctx, "iptables", append([]string{"-C", "DOCKER-USER"}, rule...)...); err == nil {
			continue
		}
		if _, err := run(ctx, "iptables", append([]string{"-I", "DOCKER-USER"}, rule...)...); err != nil {
			return fmt.Errorf("confining %s to the %s bridge %s: %w", s, NetworkName, bridge, err)
		}
	}
	return nil
}

// confineRule drops what comes in from the bridge for subnet and would
// leave by another interface; packets between nodes stay on the bridge.
func confineRule(bridge, subnet string) []string {
	return []string{"-i", bridge, "!", "-o", bridge, "-d", subnet, "-m", "comment", "--comment", "golive: pod traffic stays on the kind bridge", "-j", "DROP"}
}

// bridgeOf returns the Linux bridge of a Docker bridge network: the name
// its options give, else Docker's own br-<first 12 of the network ID>.
func bridgeOf(ctx context.Context, run runFunc, network string) (string, error) {
	out, err := run(ctx, "docker", "network", "inspect", network, "--format", `{{.Id}} {{index .Options "com.docker.network.bridge.name"}}`)
	if err != nil {
		return "", fmt.Errorf("docker network %q: %w", network, err)
	}
	id, name, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	switch {
	case name != "" && name != "<no value>":
		return name, nil
	case len(id) >= 12:
		return "br-" + id[:12], nil
	}
	return "", fmt.Errorf("docker network %q: cannot tell its bridge from %q", network, strings.TrimSpace(string(out)))
}
