package harness

import (
	"context"
	"reflect"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
	"k8s.io/client-go/kubernetes"
)

// Cluster is the cluster a run acts on. A *kind.Cluster's nodes are
// containers of the local engine, where node and network faults act. Any
// other — a cluster reached by a kubeconfig context through the Kubernetes
// API only (harness/cluster.Generic) — has no node provider: faults that
// act inside a node SKIP there (fault.ErrNoNodeProvider), and its nodes
// are the API's.
type Cluster interface {
	// ClusterName names the cluster in logs and errors.
	ClusterName() string
	// Context is its kubeconfig context: the name -allow-context takes.
	Context() string
	Clientset() (kubernetes.Interface, error)
	// Nodes lists its nodes, control plane first.
	Nodes(ctx context.Context) ([]kind.Node, error)
}

var _ Cluster = (*kind.Cluster)(nil)

// faultNodes returns the engine faults act through on c and the nodes
// they address: for kind, the node containers (stopped or disconnected
// ones too); else the API's nodes and no node provider.
func faultNodes(ctx context.Context, c Cluster, eng fault.Engine) (fault.Engine, []kind.Node, error) {
	if k, ok := c.(*kind.Cluster); ok {
		nodes, err := nodeContainers(ctx, eng, k.Name)
		return eng, nodes, err
	}
	nodes, err := c.Nodes(ctx)
	return fault.NoNodeProvider{}, nodes, err
}

// noCluster tells whether c is nil, or a nil pointer in the interface.
func noCluster(c Cluster) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
