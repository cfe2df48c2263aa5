package network_test

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
)

// TestClusterNetworkFaults partitions a worker from the control plane,
// drops packets at random in the target pods' namespaces (the kubelet's
// probes make traffic), scales CoreDNS to zero and tries netem latency;
// each effect must be observed, and after the revert no chain, qdisc or
// scaled-down CoreDNS may remain.
func TestClusterNetworkFaults(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 2, 0)
	env.Namespace, env.Selector = ns, clustertest.Sel()
	cp, err := env.ControlPlane()
	if err != nil {
		t.Fatal(err)
	}
	cpAddr := netip.MustParseAddr(cp.IP)
	faults := []fault.Fault{
		network.Partition{Scope: network.Scope{}, Peers: []netip.Prefix{netip.PrefixFrom(cpAddr, 32)}, Timeout: 30 * time.Second},
		network.Loss{Scope: network.Scope{Pods: true, Count: 2}, Probability: 0.5, Timeout: 30 * time.Second},
		network.DNSOutage{},
	}
	for _, f := range faults {
		t.Run(f.Name(), func(t *testing.T) {
			before := clustertest.Before(t, env, ns)
			seen := len(rec.Of(timeline.KindEffect))
			undo, err := clustertest.Inject(t, env, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Of(timeline.KindEffect)) == seen {
				t.Fatalf("%s: no effect observed", f.Name())
			}
			if err := undo.Revert(); err != nil {
				t.Fatal(err)
			}
			clustertest.Restored(t, env, ns, before)
		})
	}
}

// TestClusterLatency adds netem delay where the kernel has sch_netem and
// must report ErrNoNetem, changing nothing, where it has not.
func TestClusterLatency(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	before := clustertest.Before(t, env, "")
	undo, err := clustertest.Inject(t, env, network.Latency{Delay: 50 * time.Millisecond, Jitter: 10 * time.Millisecond})
	switch {
	case errors.Is(err, network.ErrNoNetem):
		t.Logf("kernel lacks sch_netem: the fault reports SKIP (%v)", err)
		if n := len(rec.Of(timeline.KindEffect)); n != 0 {
			t.Errorf("%d effects recorded without netem", n)
		}
	case err != nil:
		t.Fatal(err)
	default:
		rec.MustHave(t, timeline.KindEffect, "the netem qdisc")
	}
	if err := undo.Revert(); err != nil {
		t.Fatal(err)
	}
	clustertest.Restored(t, env, "", before)
}
