package cluster

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/kind"
)

// ControlPlaneLabel marks a control-plane node.
const ControlPlaneLabel = "node-role.kubernetes.io/control-plane"

// Nodes lists the cluster's nodes from the API, control plane first, then
// by name. A node is kind.ControlPlane when it has ControlPlaneLabel, else
// kind.Worker; IP and IPv6 are its first InternalIP of each family.
func (g *Generic) Nodes(ctx context.Context) ([]kind.Node, error) {
	list, err := g.listNodes(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]kind.Node, 0, len(list))
	for _, n := range list {
		kn := kind.Node{Name: n.Name, Role: role(n)}
		for _, a := range n.Status.Addresses {
			ip := net.ParseIP(a.Address)
			switch {
			case a.Type != corev1.NodeInternalIP || ip == nil:
			case ip.To4() != nil && kn.IP == "":
				kn.IP = a.Address
			case ip.To4() == nil && kn.IPv6 == "":
				kn.IPv6 = a.Address
			}
		}
		out = append(out, kn)
	}
	// kind.ControlPlane ("control-plane") sorts before kind.Worker ("worker").
	slices.SortFunc(out, func(a, b kind.Node) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

// Workers returns the nodes that are not control plane.
func (g *Generic) Workers(ctx context.Context) ([]kind.Node, error) {
	all, err := g.Nodes(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(n kind.Node) bool { return n.Role == kind.ControlPlane }), nil
}

// listNodes returns the Node objects; a cluster without any is an error.
func (g *Generic) listNodes(ctx context.Context) ([]corev1.Node, error) {
	cs, err := g.Clientset()
	if err != nil {
		return nil, err
	}
	list, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("context %q: listing nodes: %w", g.name, err)
	}
	if len(list.Items) == 0 {
		return nil, fmt.Errorf("context %q: the API lists no nodes", g.name)
	}
	return list.Items, nil
}

func role(n corev1.Node) kind.Role {
	if _, ok := n.Labels[ControlPlaneLabel]; ok {
		return kind.ControlPlane
	}
	return kind.Worker
}
