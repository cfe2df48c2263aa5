package scenarios

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/scenarios/target"
)

// Applier applies manifests to a cluster: a kind cluster (kubectl in its
// node) or any cluster by its API (harness/cluster.Generic).
type Applier interface {
	Clientset() (kubernetes.Interface, error)
	Apply(ctx context.Context, manifests []byte) error
}

// Deployment is the name of the target's Deployment (and Service, HPA, PDB).
const Deployment = "target"

// Deploy creates namespace ns, applies the variant's manifests and waits
// until the Deployment, and the state store's when the manifests hold
// one, are available.
func Deploy(ctx context.Context, c Applier, v target.Variant, ns, image string, opts ...target.RenderOption) error {
	cs, err := c.Clientset()
	if err != nil {
		return err
	}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: ns, Labels: map[string]string{"golive.io/suite": "go-live"}}}, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", ns, err)
	}
	m, err := target.Render(v, ns, image, opts...)
	if err != nil {
		return err
	}
	if err := c.Apply(ctx, m); err != nil {
		return fmt.Errorf("deploying target %s into %s: %w", v, ns, err)
	}
	names, err := target.Deployments(m)
	if err != nil {
		return fmt.Errorf("deploying target %s into %s: %w", v, ns, err)
	}
	wait := []string{Deployment}
	if slices.Contains(names, target.StoreDeployment) {
		wait = append(wait, target.StoreDeployment)
	}
	// One bound for all: they start together and become available side by
	// side. A run deploys up to 8 tenants' 40 pods at once on a 2-core
	// host: a store was not available after 3 minutes once.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	g, gctx := errgroup.WithContext(wctx)
	for _, name := range wait {
		g.Go(func() error { return kind.WaitDeploymentAvailable(gctx, cs, ns, name) })
	}
	return g.Wait()
}

// Undeploy deletes the namespace and waits until it is gone, so that the
// next target can take the same NodePort.
func Undeploy(ctx context.Context, c Applier, ns string) error {
	cs, err := c.Clientset()
	if err != nil {
		return err
	}
	if err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting namespace %s: %w", ns, err)
	}
	return waitGone(ctx, cs, ns)
}

func waitGone(ctx context.Context, cs kubernetes.Interface, ns string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	lw := cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "namespaces", "", fields.OneTermEqualSelector("metadata.name", ns))
	_, err := watchtools.UntilWithSync(ctx, lw, &corev1.Namespace{}, func(store cache.Store) (bool, error) {
		return len(store.List()) == 0, nil
	}, func(ev watch.Event) (bool, error) { return ev.Type == watch.Deleted, nil })
	if err != nil {
		return fmt.Errorf("waiting for namespace %s to be gone: %w", ns, err)
	}
	return nil
}
