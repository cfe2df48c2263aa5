package runner

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/scenarios"
)

// ErrNamespaceTaken: the target namespace exists and a run did not make
// it; a run deletes its namespace afterwards, so it never takes one over.
var ErrNamespaceTaken = errors.New("namespace exists and was not created by a run")

// Owned is the label on the namespaces a run creates; Cleanup deletes
// namespaces that carry it.
var Owned = map[string]string{kind.OwnerLabel: kind.OwnerValue}

// deploy creates the namespace, applies the manifests and waits until the
// target's Deployment, and every other Deployment the manifests made
// there, is available. A namespace a crashed run left is deleted
// first. It reports whether it created the namespace: only then may the
// run delete it.
func deploy(ctx context.Context, c Cluster, cs kubernetes.Interface, p *Plan) (created bool, err error) {
	ns := p.Spec.Target.Namespace
	if err := claim(ctx, c, cs, ns); err != nil {
		return false, err
	}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: ns, Labels: Owned}}, metav1.CreateOptions{}); err != nil {
		return false, fmt.Errorf("creating namespace %s: %w", ns, err)
	}
	if err := c.Apply(ctx, p.Manifests.YAML); err != nil {
		return true, fmt.Errorf("deploying the target into %s: %w", ns, err)
	}
	wctx, cancel := context.WithTimeout(ctx, DefaultDeployTimeout)
	defer cancel()
	if err := kind.WaitDeploymentAvailable(wctx, cs, ns, p.Spec.Target.Deployment); err != nil {
		return true, err
	}
	// The target's own dependencies deployed beside it (a store, a cache)
	// must serve too before the baseline measures the target.
	list, err := cs.AppsV1().Deployments(ns).List(wctx, metav1.ListOptions{})
	if err != nil {
		return true, fmt.Errorf("listing deployments in %s: %w", ns, err)
	}
	for _, d := range list.Items {
		if err := kind.WaitDeploymentAvailable(wctx, cs, ns, d.Name); err != nil {
			return true, err
		}
	}
	return true, nil
}

// claim makes sure ns is free: absent, or left by a run and deleted now.
func claim(ctx context.Context, c Cluster, cs kubernetes.Interface, ns string) error {
	got, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return nil
	case err != nil:
		return fmt.Errorf("reading namespace %s: %w", ns, err)
	case !owned(got.Labels):
		return fmt.Errorf("namespace %s: %w (label %s=%s missing): choose another target.namespace",
			ns, ErrNamespaceTaken, kind.OwnerLabel, kind.OwnerValue)
	}
	return scenarios.Undeploy(ctx, c, ns)
}

func owned(labels map[string]string) bool { return labels[kind.OwnerLabel] == kind.OwnerValue }

// undeploy deletes the scenario's namespace on a context of its own: the
// run's may be the one that was cancelled.
func undeploy(c Cluster, ns string) error {
	ctx, cancel := context.WithTimeout(context.Background(), DefaultUndeployTimeout)
	defer cancel()
	return scenarios.Undeploy(ctx, c, ns)
}
