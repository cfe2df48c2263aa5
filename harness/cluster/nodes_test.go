package cluster

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/golive/resilience/kind"
)

// node is a Node object: a control plane when cp, with these
// InternalIP addresses and these images.
func node(name string, cp, unschedulable bool, ips []string, images ...string) *corev1.Node {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{}}}
	if cp {
		n.Labels[ControlPlaneLabel] = ""
	}
	n.Spec.Unschedulable = unschedulable
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeExternalIP, Address: "203.0.113.9"}, {Type: corev1.NodeHostName, Address: name}}
	for _, ip := range ips {
		n.Status.Addresses = append(n.Status.Addresses, corev1.NodeAddress{Type: corev1.NodeInternalIP, Address: ip})
	}
	n.Status.Images = []corev1.ContainerImage{{Names: append(images, "registry.k8s.io/pause:3.10")}}
	return n
}

// withNodes is a Generic whose clientset is a fake holding nodes.
func withNodes(nodes ...*corev1.Node) (*Generic, *fake.Clientset) {
	cs := fake.NewClientset()
	for _, n := range nodes {
		_ = cs.Tracker().Add(n)
	}
	g := New("x", nil)
	g.clientset = cs
	return g, cs
}

func TestNodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		nodes       []*corev1.Node
		listErr     error
		want        []kind.Node
		wantWorkers []kind.Node
		wantErr     string
	}{
		{name: "control plane first, then by name, first InternalIP of each family",
			nodes: []*corev1.Node{
				node("w2", false, false, []string{"fd00::3", "10.0.0.3", "10.0.1.3"}),
				node("w1", false, true, []string{"10.0.0.2"}),
				node("cp", true, false, []string{"10.0.0.1", "fd00::1", "fd00::99"}),
			},
			want: []kind.Node{
				{Name: "cp", Role: kind.ControlPlane, IP: "10.0.0.1", IPv6: "fd00::1"},
				{Name: "w1", Role: kind.Worker, IP: "10.0.0.2"},
				{Name: "w2", Role: kind.Worker, IP: "10.0.0.3", IPv6: "fd00::3"},
			},
			wantWorkers: []kind.Node{{Name: "w1", Role: kind.Worker, IP: "10.0.0.2"}, {Name: "w2", Role: kind.Worker, IP: "10.0.0.3", IPv6: "fd00::3"}}},
		{name: "no nodes", wantErr: `context "x": the API lists no nodes`},
		{name: "list refused", listErr: errors.New("nodes is forbidden"), wantErr: `context "x": listing nodes: nodes is forbidden`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, cs := withNodes(tt.nodes...)
			if tt.listErr != nil {
				cs.PrependReactor("list", "nodes", func(k8stesting.Action) (bool, runtime.Object, error) { return true, nil, tt.listErr })
			}
			got, err := g.Nodes(t.Context())
			if errString(err) != tt.wantErr {
				t.Fatalf("Nodes error = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Nodes (-want +got):\n%s", diff)
			}
			workers, err := g.Workers(t.Context())
			if errString(err) != tt.wantErr {
				t.Fatalf("Workers error = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantWorkers, workers); diff != "" {
				t.Errorf("Workers (-want +got):\n%s", diff)
			}
		})
	}
}
