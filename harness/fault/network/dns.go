package network

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// DNSOutage scales the cluster DNS Deployment (CoreDNS) to zero and waits
// until its pods are gone. The replicas it had are kept in an annotation of
// ours on the Deployment; revert scales it back and waits until it is
// available again.
type DNSOutage struct {
	// Namespace and Deployment name the DNS server; empty means
	// kube-system and coredns.
	Namespace, Deployment string
	// Timeout bounds the wait for the pods to be gone (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = DNSOutage{}

// Name is "dns-outage".
func (d DNSOutage) Name() string { return "dns-outage" }

func (d DNSOutage) target() (string, string) {
	ns, name := d.Namespace, d.Deployment
	if ns == "" {
		ns = "kube-system"
	}
	if name == "" {
		name = "coredns"
	}
	return ns, name
}

// Inject scales the DNS Deployment to zero and waits until no pod is left.
func (d DNSOutage) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	ctx, cancel := context.WithTimeout(ctx, orDefault(d.Timeout))
	defer cancel()
	ns, name := d.target()
	dep, err := env.Client.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("%s: reading deployment %s/%s: %w", d.Name(), ns, name, err)
	}
	replicas := int32(1)
	if dep.Spec.Replicas != nil {
		replicas = *dep.Spec.Replicas
	}
	if prev, ok := dep.Annotations[fault.AnnotationReplicas]; ok {
		return fmt.Errorf("%s: deployment %s/%s already scaled down by a fault (replicas %s): sweep first", d.Name(), ns, name, prev)
	}
	ref := []timeline.Ref{{Kind: "deployment", Namespace: ns, Name: name}}
	if err := undo.Push(fmt.Sprintf("scale deployment %s/%s back to %d", ns, name, replicas), func(ctx context.Context) error {
		return RestoreReplicas(ctx, env, ns, name, replicas)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: d.Name(), Objects: ref,
		Message: "scaling DNS to zero", Attrs: map[string]string{"replicas": strconv.Itoa(int(replicas))}})
	if err := scale(ctx, env, ns, name, 0, map[string]any{fault.AnnotationReplicas: strconv.Itoa(int(replicas))}); err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	sel, err := metav1.LabelSelectorAsSelector(dep.Spec.Selector)
	if err != nil {
		return fmt.Errorf("%s: deployment %s/%s: %w", d.Name(), ns, name, err)
	}
	err = kube.Until(ctx, kube.Pods(env.Client, ns, sel.String(), ""), func(pods []*corev1.Pod) (bool, error) {
		return len(pods) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("%s: DNS pods still there: %w: %w", d.Name(), fault.ErrNoEffect, err)
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: d.Name(), Objects: ref, Message: "no DNS pod left"})
	return nil
}

// RestoreReplicas scales a Deployment to replicas, removes our annotation
// and waits until all replicas are available.
func RestoreReplicas(ctx context.Context, env *fault.Env, ns, name string, replicas int32) error {
	if err := scale(ctx, env, ns, name, replicas, map[string]any{fault.AnnotationReplicas: nil}); err != nil {
		return err
	}
	err := kube.Until(ctx, kube.Deployment(env.Client, ns, name), func(deps []*appsv1.Deployment) (bool, error) {
		for _, d := range deps {
			if d.Name == name && d.Status.ObservedGeneration >= d.Generation && d.Status.AvailableReplicas >= replicas {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("deployment %s/%s: waiting for %d available replicas: %w", ns, name, replicas, err)
	}
	return nil
}

// scale merge-patches spec.replicas and annotations (nil removes one).
func scale(ctx context.Context, env *fault.Env, ns, name string, replicas int32, annotations map[string]any) error {
	b, err := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": annotations},
		"spec": map[string]any{"replicas": replicas}})
	if err != nil {
		return fmt.Errorf("scaling deployment %s/%s: %w", ns, name, err)
	}
	if _, err := env.Client.AppsV1().Deployments(ns).Patch(ctx, name, types.MergePatchType, b, metav1.PatchOptions{}); err != nil {
		return fmt.Errorf("scaling deployment %s/%s to %d: %w", ns, name, replicas, err)
	}
	return nil
}
