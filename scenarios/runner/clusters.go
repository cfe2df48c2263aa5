package runner

import (
	"context"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind"
	"k8s.io/client-go/rest"
)

// Cluster is what a run needs of its cluster: a kind cluster, whose nodes
// are containers of this machine's engine, or any cluster reached by a
// kubeconfig context through its API only (harness/cluster.Generic), where
// images must already be on the nodes and faults that act inside a node
// SKIP.
type Cluster interface {
	harness.Cluster
	RESTConfig() *rest.Config
	Apply(ctx context.Context, manifests []byte) error
	Remove(ctx context.Context, manifests []byte) error
	// LoadImages puts the images on every node, or says why it cannot.
	LoadImages(ctx context.Context, images ...string) error
	PodMetricsCount(ctx context.Context, namespace string) (int, error)
}

var _ Cluster = (*kind.Cluster)(nil)
