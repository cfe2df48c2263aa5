package kind

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
)

// WaitReady waits until every node of the cluster is Ready and the CoreDNS
// Deployment is available, watching rather than polling.
func (c *Cluster) WaitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	nodes, err := c.Nodes(ctx)
	if err != nil {
		return err
	}
	cs, err := c.Clientset()
	if err != nil {
		return err
	}
	if err := waitNodesReady(ctx, cs, len(nodes)); err != nil {
		return fmt.Errorf("cluster %q: waiting for %d nodes Ready: %w", c.Name, len(nodes), err)
	}
	if err := WaitDeploymentAvailable(ctx, cs, "kube-system", "coredns"); err != nil {
		return fmt.Errorf("cluster %q: %w", c.Name, err)
	}
	return nil
}

func waitNodesReady(ctx context.Context, cs kubernetes.Interface, want int) error {
	lw := cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "nodes", "", fields.Everything())
	ready := map[string]bool{}
	_, err := watchtools.UntilWithSync(ctx, lw, &corev1.Node{}, nil, func(ev watch.Event) (bool, error) {
		n, ok := ev.Object.(*corev1.Node)
		if !ok {
			return false, nil
		}
		if ev.Type == watch.Deleted {
			delete(ready, n.Name)
		} else {
			ready[n.Name] = nodeReady(n)
		}
		count := 0
		for _, r := range ready {
			if r {
				count++
			}
		}
		return count >= want, nil
	})
	return err
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// WaitDeploymentAvailable waits until a Deployment has all its replicas
// updated, ready and available.
func WaitDeploymentAvailable(ctx context.Context, cs kubernetes.Interface, namespace, name string) error {
	lw := cache.NewListWatchFromClient(cs.AppsV1().RESTClient(), "deployments", namespace,
		fields.OneTermEqualSelector("metadata.name", name))
	_, err := watchtools.UntilWithSync(ctx, lw, &appsv1.Deployment{}, nil, func(ev watch.Event) (bool, error) {
		d, ok := ev.Object.(*appsv1.Deployment)
		return ok && ev.Type != watch.Deleted && deploymentAvailable(d), nil
	})
	if err != nil {
		return fmt.Errorf("waiting for deployment %s/%s available: %w", namespace, name, err)
	}
	return nil
}

func deploymentAvailable(d *appsv1.Deployment) bool {
	want := int32(1)
	if d.Spec.Replicas != nil {
		want = *d.Spec.Replicas
	}
	s := d.Status
	return s.ObservedGeneration >= d.Generation && s.UpdatedReplicas == want &&
		s.ReadyReplicas == want && s.AvailableReplicas == want
}

var _ runtime.Object = &corev1.Node{}
