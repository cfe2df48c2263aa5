package netpol

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
)

// RemoveEnforcer deletes the DaemonSet that enforces NetworkPolicy
// (kube-router, this project's node image's pod network) and waits until
// its pods are gone; its revert recreates the DaemonSet as it was and
// waits until every pod of it is ready. It exists to prove the self-test:
// without an enforcer, the network-policy verdict must be SKIP.
type RemoveEnforcer struct {
	// Namespace and DaemonSet name the enforcer (kube-system/kube-router).
	Namespace, DaemonSet string
}

var _ fault.Fault = RemoveEnforcer{}

// Name is "remove-netpol-enforcer".
func (RemoveEnforcer) Name() string { return "remove-netpol-enforcer" }

// Inject deletes the DaemonSet and waits for its pods to go.
func (r RemoveEnforcer) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if r.Namespace == "" {
		r.Namespace = "kube-system"
	}
	if r.DaemonSet == "" {
		r.DaemonSet = "kube-router"
	}
	dsc := env.Client.AppsV1().DaemonSets(r.Namespace)
	ds, err := dsc.Get(ctx, r.DaemonSet, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("daemonset %s/%s: %w", r.Namespace, r.DaemonSet, err)
	}
	saved := &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: ds.Name, Namespace: ds.Namespace,
		Labels: ds.Labels, Annotations: ds.Annotations}, Spec: ds.Spec}
	sel := metav1.FormatLabelSelector(ds.Spec.Selector)
	ref := timeline.Ref{Kind: "daemonset", Namespace: r.Namespace, Name: r.DaemonSet}
	if err := undo.Push("recreate daemonset "+r.Namespace+"/"+r.DaemonSet, func(ctx context.Context) error {
		if _, err := dsc.Create(ctx, saved, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("recreating daemonset %s/%s: %w", r.Namespace, r.DaemonSet, err)
		}
		env.Emit(timeline.Event{Kind: timeline.KindRevert, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "enforcer recreated"})
		return podsReady(ctx, env.Client, r.Namespace, sel, len(env.Nodes))
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "deleting the NetworkPolicy enforcer"})
	bg := metav1.DeletePropagationBackground
	if err := dsc.Delete(ctx, r.DaemonSet, metav1.DeleteOptions{PropagationPolicy: &bg}); err != nil {
		return fmt.Errorf("deleting daemonset %s/%s: %w", r.Namespace, r.DaemonSet, err)
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := kube.Until(wctx, kube.Pods(env.Client, r.Namespace, sel, ""), func(p []*corev1.Pod) (bool, error) { return len(p) == 0, nil }); err != nil {
		return fmt.Errorf("%w: pods of daemonset %s/%s still there: %v", fault.ErrNoEffect, r.Namespace, r.DaemonSet, err)
	}
	// kube-router leaves its rules behind when it stops, keyed by pod IP:
	// a new pod that reuses an old pod's IP would inherit its firewall.
	// Without an enforcer there must be no enforcement at all.
	for _, n := range env.Nodes {
		if _, err := env.Engine.Docker(ctx, "exec", n.Name, "sh", "-c", flushRules); err != nil {
			return fmt.Errorf("flushing the enforcer's rules on node %s: %w", n.Name, err)
		}
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: r.Name(), Objects: []timeline.Ref{ref},
		Message: fmt.Sprintf("enforcer pods gone, their rules flushed on %d nodes", len(env.Nodes))})
	return nil
}

// flushRules empties kube-router's top-level filter chains (through
// whichever iptables backend holds them), so that no per-pod chain is
// reached; a new kube-router rebuilds them on start.
const flushRules = `for ipt in iptables iptables-legacy iptables-nft; do
  command -v $ipt >/dev/null || continue
  for c in KUBE-ROUTER-FORWARD KUBE-ROUTER-INPUT KUBE-ROUTER-OUTPUT; do $ipt -F $c 2>/dev/null; done
done; true`

// podsReady waits until n pods match sel in ns, all Ready.
func podsReady(ctx context.Context, cs kubernetes.Interface, ns, sel string, n int) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	err := kube.Until(ctx, kube.Pods(cs, ns, sel, ""), func(pods []*corev1.Pod) (bool, error) {
		ready := 0
		for _, p := range pods {
			if p.DeletionTimestamp == nil && podReady(p) {
				ready++
			}
		}
		return ready >= n, nil
	})
	if err != nil {
		return fmt.Errorf("pods %s in %s not ready: %w", sel, ns, err)
	}
	return nil
}

// Scope is fault.ScopeCluster: the enforcer serves every namespace.
func (RemoveEnforcer) Scope() fault.Scope { return fault.ScopeCluster }
