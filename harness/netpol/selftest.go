// Package netpol proves NetworkPolicy on a live cluster. SelfTest first
// shows that the cluster enforces policies at all (a default-deny must
// block a probe pod, and removing it must reopen the path); Probe then
// dials the target from clients its policies do and do not admit, and from
// a pod wearing its labels for egress, and records what got through for
// the network-policy check. Without enforcement every verdict is SKIP,
// never PASS.
package netpol

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness/internal/kube"
)

// Enforcement is what the self-test found.
type Enforcement struct {
	// Enforced is true when a default-deny policy blocked the probe and
	// removing it reopened the path.
	Enforced bool
	// Reason says why enforcement is absent (empty when enforced).
	Reason string
	// BlockedAfter and ReopenedAfter are how long the policy took to
	// take hold and to be lifted.
	BlockedAfter, ReopenedAfter time.Duration
	// Namespace is the scratch namespace the test ran in.
	Namespace string
	// Blocked are the outcomes of the dials that did not connect.
	Blocked []string
}

// SelfTestOptions bound the self-test.
type SelfTestOptions struct {
	// Image is the probe image, present on every node (DefaultImage).
	Image string
	// Within is how long a policy may take to take hold or to be lifted
	// (15 s).
	Within time.Duration
	// RunID names the scratch namespace.
	RunID string
}

// SelfTest runs the enforcement self-test in a scratch namespace, which it
// deletes before returning. An error means the test could not be made
// (pods did not start, the open path was already closed); a cluster that
// does not enforce is a result, not an error.
func SelfTest(ctx context.Context, cs kubernetes.Interface, o SelfTestOptions) (Enforcement, error) {
	if o.Image == "" {
		o.Image = DefaultImage
	}
	if o.Within <= 0 {
		o.Within = 15 * time.Second
	}
	if o.RunID == "" {
		o.RunID = fmt.Sprint(time.Now().Unix())
	}
	ns := "golive-netpol-selftest-" + shortID(o.RunID)
	e := Enforcement{Namespace: ns}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns,
		Labels: map[string]string{LabelProbe: "selftest"}}}, metav1.CreateOptions{}); err != nil {
		return e, fmt.Errorf("netpol self-test: creating namespace %s: %w", ns, err)
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = cs.CoreV1().Namespaces().Delete(dctx, ns, metav1.DeleteOptions{})
	}()
	server, err := startPod(ctx, cs, probePod(ns, "server", o.Image, "", map[string]string{LabelProbe: "server"}, true))
	if err != nil {
		return e, err
	}
	// The client sits on the server's node: the test is about policy,
	// not about routes between nodes.
	client, err := startPod(ctx, cs, probePod(ns, "client", o.Image, server.Spec.NodeName, map[string]string{LabelProbe: "client"}, true))
	if err != nil {
		return e, err
	}
	addr := hostPort(server.Status.PodIP, probePort)
	open := func(ctx context.Context) (bool, error) {
		r, err := dialFrom(ctx, cs, client, addr, 2*time.Second)
		if err == nil && !r.Open() {
			e.Blocked = append(e.Blocked, r.Outcome)
		}
		return r.Open(), err
	}
	// A state counts once it holds for several dials in a row: one slow
	// dial on a busy node must not pass for a policy taking hold.
	steady := func(want bool) func(context.Context) (bool, error) {
		n := 0
		return func(ctx context.Context) (bool, error) {
			ok, err := open(ctx)
			if err != nil || ok != want {
				n = 0
				return false, err
			}
			n++
			return n >= confirmations, nil
		}
	}
	if !until(ctx, o.Within, steady(true)) {
		return e, fmt.Errorf("netpol self-test: client cannot reach server %s steadily before any policy", addr)
	}
	deny := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "default-deny", Namespace: ns},
		Spec: networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{LabelProbe: "server"}},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}}}
	if _, err := cs.NetworkingV1().NetworkPolicies(ns).Create(ctx, deny, metav1.CreateOptions{}); err != nil {
		return e, fmt.Errorf("netpol self-test: creating policy %s/default-deny: %w", ns, err)
	}
	start := time.Now()
	if !until(ctx, o.Within, steady(false)) {
		e.Reason = fmt.Sprintf("a default-deny policy did not block a probe pod within %s", o.Within)
		return e, nil
	}
	e.BlockedAfter = time.Since(start)
	if err := cs.NetworkingV1().NetworkPolicies(ns).Delete(ctx, deny.Name, metav1.DeleteOptions{}); err != nil {
		return e, fmt.Errorf("netpol self-test: deleting policy %s/default-deny: %w", ns, err)
	}
	start = time.Now()
	if !until(ctx, o.Within, steady(true)) {
		e.Reason = fmt.Sprintf("removing the default-deny policy did not reopen the path within %s", o.Within)
		return e, nil
	}
	e.ReopenedAfter, e.Enforced = time.Since(start), true
	return e, nil
}

// confirmations is how many dials in a row make a state.
const confirmations = 3

// startPod creates p and waits until it runs.
func startPod(ctx context.Context, cs kubernetes.Interface, p *corev1.Pod) (*corev1.Pod, error) {
	if _, err := cs.CoreV1().Pods(p.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		return nil, fmt.Errorf("creating probe pod %s/%s: %w", p.Namespace, p.Name, err)
	}
	got, err := waitRunning(ctx, cs, p.Namespace, p.Name)
	if err != nil {
		return nil, err
	}
	return got[p.Name], nil
}

// until polls cond (each dial is its own test: nothing to watch) every
// 500 ms for at most within and says whether it came true.
func until(ctx context.Context, within time.Duration, cond func(context.Context) (bool, error)) bool {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	return kube.Poll(ctx, 500*time.Millisecond, func(ctx context.Context) (bool, error) {
		ok, err := cond(ctx)
		if err != nil && ctx.Err() == nil {
			return false, nil // a dial that errs is retried until within
		}
		return ok, nil
	}) == nil
}
