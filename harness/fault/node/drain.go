package node

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
)

// Drain cordons a worker and evicts its pods through the Eviction API, as
// `kubectl drain` does: DaemonSet and mirror pods stay (and the run's own
// instruments, fault.LabelInstrument), and evictions a
// PodDisruptionBudget refuses are retried until Timeout. Refusals are
// recorded as events; a drain still blocked at its deadline ends without
// error, with a refusal event saying how many pods were left. Revert
// uncordons the node (the evicted pods are the controllers' business).
type Drain struct {
	// Node is the worker to drain; empty picks one with the run's seed.
	Node string
	// Timeout bounds the evictions and their retries (DefaultDrainTimeout).
	Timeout time.Duration
	// Retry is how often refused evictions are retried (DefaultRetry).
	Retry time.Duration
}

var _ fault.Fault = Drain{}

// MsgDrainIncomplete starts the refusal event of a drain still blocked at
// its deadline; the event names the node and the pods left, and AttrTimeout
// holds the deadline.
const MsgDrainIncomplete = "drain incomplete"

// AttrTimeout is the attribute holding a drain's deadline.
const AttrTimeout = "timeout"

// Name is "node-drain".
func (d Drain) Name() string { return "node-drain" }

// Inject cordons the node, evicts its pods and waits until the evicted
// ones are gone.
func (d Drain) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	nodes, err := fault.PickWorkers(env, d.Node, 1)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	name := nodes[0].Name
	if err := cordon(ctx, env, undo, d.Name(), name); err != nil {
		return err
	}
	pending, err := evictable(ctx, env, name)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Name(), err)
	}
	evictCtx, cancel := context.WithTimeout(ctx, orDefault(d.Timeout, DefaultDrainTimeout))
	defer cancel()
	tick := time.NewTicker(orDefault(d.Retry, DefaultRetry))
	defer tick.Stop()
	var evicted []corev1.Pod
	for len(pending) > 0 {
		var refused []corev1.Pod
		for _, p := range pending {
			ok, err := pod.EvictOne(evictCtx, env, d.Name(), p)
			if err != nil && evictCtx.Err() == nil && !pastDeadline(err) {
				return err
			}
			if ok {
				evicted = append(evicted, p)
			} else {
				refused = append(refused, p)
			}
		}
		pending = refused
		if len(pending) == 0 {
			break
		}
		select {
		case <-evictCtx.Done():
			objs := []timeline.Ref{fault.NodeRef(name)}
			for _, p := range pending {
				objs = append(objs, fault.PodRef(p.Namespace, p.Name))
			}
			env.Emit(timeline.Event{Kind: timeline.KindRefusal, Source: d.Name(), Objects: objs,
				Message: fmt.Sprintf("%s: %d pods could not be evicted before the deadline", MsgDrainIncomplete, len(pending)),
				Attrs:   map[string]string{AttrTimeout: orDefault(d.Timeout, DefaultDrainTimeout).String()}})
			pending = nil
		case <-tick.C:
		}
	}
	if len(evicted) == 0 {
		return nil
	}
	waitCtx, cancelWait := context.WithTimeout(ctx, pod.DefaultTimeout)
	defer cancelWait()
	return pod.WaitGone(waitCtx, env, kube.PodsOnNode(env.Client, name), d.Name(), evicted)
}

// pastDeadline reports whether an eviction failed because it could not
// finish before the drain's deadline: client-go's rate limiter refuses a
// wait (a retry after the PDB's 429) that would outlast the context before
// the context itself is done. The drain then ends as a deadline does.
func pastDeadline(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "would exceed context deadline")
}

// evictable lists the pods of a node that a drain evicts, sorted by
// namespace and name: not DaemonSet or mirror pods, not the run's
// instruments, not finished, not already terminating.
func evictable(ctx context.Context, env *fault.Env, node string) ([]corev1.Pod, error) {
	list, err := env.Client.CoreV1().Pods("").List(ctx, metav1.ListOptions{
		FieldSelector: fields.OneTermEqualSelector("spec.nodeName", node).String()})
	if err != nil {
		return nil, fmt.Errorf("listing pods on node %q: %w", node, err)
	}
	var out []corev1.Pod
	for _, p := range list.Items {
		if p.Spec.NodeName != node || p.DeletionTimestamp != nil ||
			p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
			continue
		}
		if _, mirror := p.Annotations[corev1.MirrorPodAnnotationKey]; mirror || ownedByDaemonSet(p) {
			continue
		}
		if _, instrument := p.Labels[fault.LabelInstrument]; instrument {
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

func ownedByDaemonSet(p corev1.Pod) bool {
	for _, o := range p.OwnerReferences {
		if o.Kind == "DaemonSet" {
			return true
		}
	}
	return false
}

// Scope is fault.ScopeCluster: every workload shares the node.
func (Drain) Scope() fault.Scope { return fault.ScopeCluster }
