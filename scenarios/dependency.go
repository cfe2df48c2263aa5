package scenarios

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/network"
)

// Dependency is a backend the target calls on some paths, in the target's
// namespace: the dependency-outage scenario cuts the target's pods off
// from it.
type Dependency struct {
	// Service names the dependency's Service; Selector chooses its pods.
	Service  string
	Selector map[string]string
	// Paths are the requests that call it, added to the steady load while
	// the scenario runs; the other paths must not need it.
	Paths []Path
	// Timeout is the target's own timeout on a call to it: a path that
	// uses it must fail within it (plus slack) while it is lost.
	Timeout time.Duration
}

// Set says whether the target declared a dependency.
func (d Dependency) Set() bool { return d.Service != "" && len(d.Paths) > 0 && d.Timeout > 0 }

// load adds the paths that call the dependency to the scenario's load.
func (d Dependency) load(s *harness.Scenario, t Target) {
	for _, p := range d.Paths {
		s.Load.Targets = append(s.Load.Targets, loadTarget(t, p))
	}
}

// isolation is the check of how the target degrades without it.
func (d Dependency) isolation(availability float64) checks.DependencyIsolation {
	c := checks.DependencyIsolation{Availability: availability, Timeout: d.Timeout}
	for _, p := range d.Paths {
		c.Paths = append(c.Paths, p.Path)
	}
	return c
}

// DependencyPartition cuts every running pod of the target off from its
// dependency: the dependency's Service address and its pods' addresses are
// dropped in each target pod's network namespace (network.Partition), as a
// lost backend, a firewall change or a broken route looks to the target.
// The dependency itself keeps running.
type DependencyPartition struct {
	Dependency Dependency
	// Timeout bounds the wait for the first dropped packet in every pod
	// (network.DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = DependencyPartition{}

// Name is "dependency-partition".
func (DependencyPartition) Name() string { return "dependency-partition" }

// maxPods is more target pods than any run has: the partition hits them all.
const maxPods = network.AllPods

// Inject resolves the dependency's addresses in the target's namespace and
// partitions every target pod from them.
func (d DependencyPartition) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	svc, err := env.Client.CoreV1().Services(env.Namespace).Get(ctx, d.Dependency.Service, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("%s: dependency Service %s/%s: %w", d.Name(), env.Namespace, d.Dependency.Service, err)
	}
	var peers []netip.Prefix
	for _, ip := range append([]string{svc.Spec.ClusterIP}, svc.Spec.ClusterIPs...) {
		if a, err := netip.ParseAddr(ip); err == nil {
			peers = append(peers, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	pods, err := env.Client.CoreV1().Pods(env.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.SelectorFromSet(d.Dependency.Selector).String()})
	if err != nil {
		return fmt.Errorf("%s: dependency pods in %s: %w", d.Name(), env.Namespace, err)
	}
	for _, p := range pods.Items {
		if a, err := netip.ParseAddr(p.Status.PodIP); err == nil {
			peers = append(peers, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	if len(peers) == 0 {
		return fmt.Errorf("%s: dependency Service %s/%s has no address: %w", d.Name(), env.Namespace, d.Dependency.Service, fault.ErrNoVictim)
	}
	part := network.Partition{Scope: network.Scope{Pods: true, Count: maxPods}, Peers: dedupe(peers), Timeout: d.Timeout}
	if err := part.Inject(ctx, env, undo); err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	return nil
}

func dedupe(ps []netip.Prefix) []netip.Prefix {
	seen := map[netip.Prefix]bool{}
	var out []netip.Prefix
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// String is how a plan prints the fault.
func (d DependencyPartition) String() string {
	return fmt.Sprintf("{cut the target's pods off from Service %s and its pods (%s), whose timeout is %s}",
		d.Dependency.Service, labels.SelectorFromSet(d.Dependency.Selector), d.Dependency.Timeout)
}
