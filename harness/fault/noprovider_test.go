package fault_test

import (
	"context"
	"errors"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/kind"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// TestNoNodeProvider: on a cluster reached by its API only, every fault
// that acts inside a node refuses with ErrNoNodeProvider (a SKIP) before
// it arms a revert — a revert of what never ran would fail the run — and
// the faults that act through the API are not refused.
func TestNoNodeProvider(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f       fault.Fault
		refused bool
	}{
		{node.Stop{Node: "w1"}, true},
		{node.Kill{Node: "w1"}, true},
		{node.Freeze{Node: "w1"}, true},
		{node.Disconnect{Node: "w1"}, true},
		{network.Partition{Scope: network.Scope{Node: "w1"}, PeerNodes: true}, true},
		{network.Loss{Scope: network.Scope{Pods: true}, Probability: 0.1}, true},
		{controlplane.Freeze{}, true},
		{pod.Kill{}, true},
		{node.Cordon{Node: "w1"}, false},
		{pod.Delete{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.f.Name(), func(t *testing.T) {
			t.Parallel()
			cs := fake.NewClientset(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "w1"}})
			env := &fault.Env{Client: cs, Engine: fault.NoNodeProvider{}, RunID: "run-1", Namespace: "shop",
				Selector: map[string]string{"app": "web"},
				Nodes:    []kind.Node{{Name: "cp", Role: kind.ControlPlane}, {Name: "w1", Role: kind.Worker}}}
			undo := fault.NewUndo(tc.f.Name(), 0, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 200e6)
			defer cancel()
			err := tc.f.Inject(ctx, env, undo)
			if got := errors.Is(err, fault.ErrNoNodeProvider); got != tc.refused {
				t.Fatalf("err = %v, refused %v, want %v", err, got, tc.refused)
			}
			if tc.refused && (!errors.Is(err, fault.ErrUnsupported) || undo.Len() != 0) {
				t.Errorf("refused with %d revert steps armed, unsupported %v", undo.Len(), errors.Is(err, fault.ErrUnsupported))
			}
		})
	}
}

// TestSweepWithoutNodeProvider: the sweepers of node, network and
// control-plane faults do not reach for node containers on a cluster
// reached by its API only — they would fail every cleanup there.
func TestSweepWithoutNodeProvider(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "w1"}})
	env := &fault.Env{Client: cs, Engine: fault.NoNodeProvider{}, Nodes: []kind.Node{{Name: "cp", Role: kind.ControlPlane}, {Name: "w1", Role: kind.Worker}}}
	for name, s := range map[string]fault.Sweeper{"node": node.Sweeper, "network": network.Sweeper, "controlplane": controlplane.Sweeper} {
		if found, err := s.Sweep(context.Background(), env, false); err != nil || len(found) != 0 {
			t.Errorf("%s: found %v, err %v", name, found, err)
		}
	}
}
