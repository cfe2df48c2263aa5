package pod

import (
	"context"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Delete deletes Count target pods, gracefully or (Force) with a grace
// period of zero, and waits until they are gone. There is nothing to undo:
// the workload's controller replaces them, which is what is under test.
type Delete struct {
	// Namespace and Selector choose the pods; empty means the scenario's
	// target.
	Namespace string
	Selector  map[string]string
	// Count is how many pods to delete; zero means one.
	Count int
	// Force deletes with a grace period of zero.
	Force bool
	// Timeout bounds the wait for the pods to be gone (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Delete{}

// Name is "pod-delete" or "pod-force-delete".
func (d Delete) Name() string {
	if d.Force {
		return "pod-force-delete"
	}
	return "pod-delete"
}

// Inject deletes the pods and waits until they are gone.
func (d Delete) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	ctx, cancel := context.WithTimeout(ctx, timeoutOr(d.Timeout))
	defer cancel()
	pods, err := fault.PickPods(ctx, env, d.Namespace, d.Selector, d.Count)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	opts := metav1.DeleteOptions{}
	if d.Force {
		opts.GracePeriodSeconds = new(int64)
	}
	for _, p := range pods {
		opts.Preconditions = metav1.NewUIDPreconditions(string(p.UID))
		ev := timeline.Event{Kind: timeline.KindInject, Source: d.Name(),
			Objects: refs([]corev1.Pod{p}), Message: "deleting pod", Attrs: map[string]string{"node": p.Spec.NodeName}}
		if d.Force {
			ev.Attrs["grace"] = "0s"
		}
		env.Emit(ev)
		if err := env.Client.CoreV1().Pods(p.Namespace).Delete(ctx, p.Name, opts); err != nil {
			return fmt.Errorf("%s: deleting pod %s/%s: %w", d.Name(), p.Namespace, p.Name, err)
		}
	}
	return WaitGone(ctx, env, targetPods(env, d.Namespace, d.Selector), d.Name(), pods)
}
