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
	// Paced deletes only once the workload is whole again — every live
	// pod Ready, as many as before the first paced deletion — one
	// deletion at a time, the pace Kubernetes keeps for voluntary
	// disruption. A test that outpaces the replacements measures its own
	// capacity loss, not the target's shutdown.
	Paced bool
}

var _ fault.Fault = Delete{}

// Name is "pod-delete" or "pod-force-delete".
func (d Delete) Name() string {
	if d.Force {
		return "pod-force-delete"
	}
	return "pod-delete"
}

// Inject deletes the pods (once the workload is whole again, when Paced)
// and waits until they are gone.
func (d Delete) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	if !d.Paced {
		return d.inject(ctx, env)
	}
	var pods []corev1.Pod
	err := paced(ctx, env, d.Name(), d.Namespace, d.Selector, func() (err error) {
		pods, err = d.delete(ctx, env)
		return err
	})
	if err != nil {
		return err
	}
	return d.waitGone(ctx, env, pods)
}

func (d Delete) inject(ctx context.Context, env *fault.Env) error {
	pods, err := d.delete(ctx, env)
	if err != nil {
		return err
	}
	return d.waitGone(ctx, env, pods)
}

// waitGone waits until the deleted pods are gone, within Timeout.
func (d Delete) waitGone(ctx context.Context, env *fault.Env, pods []corev1.Pod) error {
	ctx, cancel := context.WithTimeout(ctx, timeoutOr(d.Timeout))
	defer cancel()
	return WaitGone(ctx, env, targetPods(env, d.Namespace, d.Selector), d.Name(), pods)
}

// delete picks the pods and deletes them.
func (d Delete) delete(ctx context.Context, env *fault.Env) ([]corev1.Pod, error) {
	pods, err := fault.PickPods(ctx, env, d.Namespace, d.Selector, d.Count)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name(), err)
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
			return nil, fmt.Errorf("%s: deleting pod %s/%s: %w", d.Name(), p.Namespace, p.Name, err)
		}
	}
	return pods, nil
}
