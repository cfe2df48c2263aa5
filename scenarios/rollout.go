package scenarios

import (
	"context"
	"errors"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Rollout rolls the target Deployment out to a new revision (a changed pod
// template annotation); its revert rolls back to the original template
// the same way. The fault takes effect once the Deployment controller has
// seen the new revision; whether the rollout then completes — every
// replica updated and available — or stalls past the Deployment's
// progress deadline is the target's doing, recorded on the timeline
// (checks.MsgRolloutComplete, checks.MsgRolloutStalled) for checks.Rollout.
type Rollout struct {
	Deployment string
	// Timeout bounds the wait for each end state; zero waits for the
	// Deployment's progress deadline plus rolloutSlack.
	Timeout time.Duration
}

var _ fault.Fault = Rollout{}

// Name is "rollout".
func (Rollout) Name() string { return "rollout" }

const revisionAnnotation = "golive.io/rollout"

// rolloutSlack is how long past its progress deadline a Deployment may
// take to say so: the controller re-checks a stalled rollout on its next
// sync of the object.
const rolloutSlack = 15 * time.Second

// Inject rolls out and waits for the rollout's end state.
func (r Rollout) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	ns, name := env.Namespace, r.Deployment
	ref := timeline.Ref{Kind: "deployment", Namespace: ns, Name: name}
	change := func(ctx context.Context, value string, kind timeline.Kind, done, stalled string) error {
		body := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{%q:%q}}}}}`, revisionAnnotation, value)
		if value == "" {
			body = fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{%q:null}}}}}`, revisionAnnotation)
		}
		d, err := env.Client.AppsV1().Deployments(ns).Patch(ctx, name, types.StrategicMergePatchType, []byte(body), metav1.PatchOptions{})
		if err != nil {
			return fmt.Errorf("patching deployment %s/%s: %w", ns, name, err)
		}
		start := time.Now()
		end, err := waitRolledOut(ctx, env.Client, d, r.Timeout)
		if err != nil {
			return err
		}
		e := timeline.Event{Kind: kind, Source: r.Name(), Objects: []timeline.Ref{ref},
			Attrs: map[string]string{checks.AttrTook: time.Since(start).Round(time.Second).String()}}
		if end.complete {
			e.Message = done
		} else {
			e.Message = stalled + ": " + end.why
		}
		env.Emit(e)
		return nil
	}
	if err := undo.Push("roll back deployment "+ns+"/"+name, func(ctx context.Context) error {
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "rolling back"})
		return change(ctx, "", timeline.KindNote, checks.MsgRollbackComplete, checks.MsgRollbackStalled)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "rolling out a new revision"})
	return change(ctx, env.RunID, timeline.KindEffect, checks.MsgRolloutComplete, checks.MsgRolloutStalled)
}

// watchDeployment calls cond with the Deployment's every state until it
// returns true, ctx ends or the Deployment is gone.
func watchDeployment(ctx context.Context, cs kubernetes.Interface, ns, name string, cond func(*appsv1.Deployment) bool) error {
	for {
		d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("reading deployment %s/%s: %w", ns, name, err)
		}
		if cond(d) {
			return nil
		}
		w, err := cs.AppsV1().Deployments(ns).Watch(ctx, metav1.ListOptions{
			FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String(), ResourceVersion: d.ResourceVersion})
		if err != nil {
			return fmt.Errorf("watching deployment %s/%s: %w", ns, name, err)
		}
		done, err := untilWatched(ctx, w, cond)
		w.Stop()
		if done || err != nil {
			return err
		}
	}
}

// untilWatched reads w until cond holds (true), the watch closes (false:
// watch again) or ctx ends.
func untilWatched(ctx context.Context, w watch.Interface, cond func(*appsv1.Deployment) bool) (bool, error) {
	for {
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case ev, ok := <-w.ResultChan():
			if !ok {
				return false, nil
			}
			if d, ok := ev.Object.(*appsv1.Deployment); ok && ev.Type != watch.Deleted && cond(d) {
				return true, nil
			}
		}
	}
}

// rolledOut is a rollout's end state: complete, or stalled and why.
type rolledOut struct {
	complete bool
	why      string
}

// waitRolledOut waits until the Deployment patched to d has rolled out or
// reported its progress deadline exceeded. It fails when the controller
// never took the new revision up, or when neither end state came within
// timeout (default: the progress deadline plus rolloutSlack) — that is a
// stalled rollout too, stated so.
func waitRolledOut(ctx context.Context, cs kubernetes.Interface, d *appsv1.Deployment, timeout time.Duration) (rolledOut, error) {
	if timeout <= 0 {
		deadline := int32(600)
		if d.Spec.ProgressDeadlineSeconds != nil {
			deadline = *d.Spec.ProgressDeadlineSeconds
		}
		timeout = time.Duration(deadline)*time.Second + rolloutSlack
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ns, name, gen := d.Namespace, d.Name, d.Generation
	var out rolledOut
	var seen bool
	cond := func(d *appsv1.Deployment) bool {
		if d.Status.ObservedGeneration < gen {
			return false
		}
		seen = true
		if rolloutComplete(d) {
			out.complete = true
			return true
		}
		for _, c := range d.Status.Conditions {
			if c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse && c.Reason == "ProgressDeadlineExceeded" {
				out.why = fmt.Sprintf("%s (%d of %d replicas updated, %d available)", c.Message,
					d.Status.UpdatedReplicas, replicas(d), d.Status.AvailableReplicas)
				return true
			}
		}
		out.why = fmt.Sprintf("not rolled out within %s (%d of %d replicas updated, %d available)", timeout,
			d.Status.UpdatedReplicas, replicas(d), d.Status.AvailableReplicas)
		return false
	}
	err := watchDeployment(wctx, cs, ns, name, cond)
	switch {
	case err == nil:
		return out, nil
	case ctx.Err() != nil:
		return out, fmt.Errorf("waiting for deployment %s/%s to roll out: %w: %w", ns, name, fault.ErrNoEffect, ctx.Err())
	case !errors.Is(err, context.DeadlineExceeded):
		return out, err
	case !seen:
		return out, fmt.Errorf("deployment %s/%s: the controller did not take up generation %d within %s: %w", ns, name, gen, timeout, fault.ErrNoEffect)
	default:
		return out, nil // stalled: out.why says how far it got
	}
}

func replicas(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas != nil {
		return *d.Spec.Replicas
	}
	return 1
}

// rolloutComplete is kubectl rollout status's condition: every replica
// updated and available, none of an older revision left.
func rolloutComplete(d *appsv1.Deployment) bool {
	s, want := d.Status, replicas(d)
	return s.UpdatedReplicas == want && s.Replicas == want && s.AvailableReplicas == want && s.ReadyReplicas == want
}
