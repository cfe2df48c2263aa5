package harness

import (
	"context"
	"errors"
	"fmt"

	"github.com/golive/resilience/kind"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// ErrNotOurs: destructive faults refuse a cluster that this project's kind
// package did not create, unless its context is explicitly allowed.
var ErrNotOurs = errors.New("cluster was not created by this harness; allow its context explicitly")

// Guard returns nil when every node of the cluster of kubeconfig context
// contextName carries the label our kind package puts on the clusters it
// creates, or when the context is in allowed; otherwise an error wrapping
// ErrNotOurs.
func Guard(ctx context.Context, client kubernetes.Interface, contextName string, allowed map[string]bool) error {
	if allowed[contextName] {
		return nil
	}
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("context %q: listing nodes for the safety check: %w", contextName, err)
	}
	if len(nodes.Items) == 0 {
		return fmt.Errorf("context %q: no nodes: %w", contextName, ErrNotOurs)
	}
	for _, n := range nodes.Items {
		if n.Labels[kind.OwnerLabel] != kind.OwnerValue {
			return fmt.Errorf("context %q: node %q lacks %s=%s: %w", contextName, n.Name, kind.OwnerLabel, kind.OwnerValue, ErrNotOurs)
		}
	}
	return nil
}
