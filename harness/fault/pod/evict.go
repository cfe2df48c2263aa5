package pod

import (
	"context"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Evict asks the Eviction API to evict Count target pods and waits until the
// evicted ones are gone. An eviction a PodDisruptionBudget refuses is
// recorded as a refusal event, not an error: it is the cluster doing its job.
type Evict struct {
	// Namespace and Selector choose the pods; empty means the target.
	Namespace string
	Selector  map[string]string
	// Count is how many pods to evict; zero means one.
	Count int
	// Timeout bounds the wait for the pods to be gone (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Evict{}

// Name is "pod-evict".
func (e Evict) Name() string { return "pod-evict" }

// Inject evicts the pods and waits until those evicted are gone.
func (e Evict) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	ctx, cancel := context.WithTimeout(ctx, timeoutOr(e.Timeout))
	defer cancel()
	pods, err := fault.PickPods(ctx, env, e.Namespace, e.Selector, e.Count)
	if err != nil {
		return fmt.Errorf("%s: %w", e.Name(), err)
	}
	var evicted []corev1.Pod
	for _, p := range pods {
		ok, err := EvictOne(ctx, env, e.Name(), p)
		if err != nil {
			return err
		}
		if ok {
			evicted = append(evicted, p)
		}
	}
	if len(evicted) == 0 {
		return nil
	}
	return WaitGone(ctx, env, targetPods(env, e.Namespace, e.Selector), e.Name(), evicted)
}

// EvictOne asks the Eviction API to evict p. It reports false, and records
// a refusal event, when a PodDisruptionBudget does not allow it now.
func EvictOne(ctx context.Context, env *fault.Env, source string, p corev1.Pod) (bool, error) {
	ref := []timeline.Ref{fault.PodRef(p.Namespace, p.Name)}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: source, Objects: ref,
		Message: "evicting pod", Attrs: map[string]string{"node": p.Spec.NodeName}})
	ev := &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace},
		DeleteOptions: &metav1.DeleteOptions{Preconditions: metav1.NewUIDPreconditions(string(p.UID))}}
	err := env.Client.PolicyV1().Evictions(p.Namespace).Evict(ctx, ev)
	switch {
	case err == nil:
		return true, nil
	case apierrors.IsTooManyRequests(err):
		env.Emit(timeline.Event{Kind: timeline.KindRefusal, Source: source, Objects: ref,
			Message: "eviction refused by a PodDisruptionBudget", Attrs: map[string]string{"error": err.Error()}})
		return false, nil
	case apierrors.IsNotFound(err):
		return true, nil // already gone
	default:
		return false, fmt.Errorf("%s: evicting pod %s/%s: %w", source, p.Namespace, p.Name, err)
	}
}
