package node

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	k8stesting "k8s.io/client-go/testing"
)

func podOn(name, node string, owner string, annotations map[string]string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", UID: types.UID("uid-" + name), Annotations: annotations},
		Spec: corev1.PodSpec{NodeName: node}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	if owner != "" {
		p.OwnerReferences = []metav1.OwnerReference{{Kind: owner, Name: "x"}}
	}
	return p
}

// instrument labels p as one of the run's measuring pods.
func instrument(p *corev1.Pod) *corev1.Pod {
	p.Labels = map[string]string{fault.LabelInstrument: "attacker"}
	return p
}

func TestDrainRetriesRefusedEvictions(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	for _, p := range []*corev1.Pod{
		podOn("web-a", w1, "ReplicaSet", nil), podOn("web-b", w1, "ReplicaSet", nil),
		podOn("kube-router-x", w1, "DaemonSet", nil),
		podOn("static", w1, "", map[string]string{corev1.MirrorPodAnnotationKey: "h"}),
		podOn("web-c", w2, "ReplicaSet", nil),
		instrument(podOn("attacker-1", w1, "Job", nil)),
	} {
		if err := c.cs.Tracker().Add(p); err != nil {
			t.Fatal(err)
		}
	}
	refusals := 2 // the budget refuses web-b twice, then allows it
	c.cs.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "eviction" {
			return false, nil, nil
		}
		ev := a.(k8stesting.CreateAction).GetObject().(*policyv1.Eviction)
		if ev.Name == "web-b" && refusals > 0 {
			refusals--
			return true, nil, apierrors.NewTooManyRequests("budget", 1)
		}
		return true, nil, c.cs.Tracker().Delete(corev1.SchemeGroupVersion.WithResource("pods"), ev.Namespace, ev.Name)
	})
	undo := c.inject(t, Drain{Node: w1, Retry: time.Millisecond})

	list, _ := c.cs.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{})
	var left []string
	for _, p := range list.Items {
		left = append(left, p.Name)
	}
	if diff := cmp.Diff([]string{"attacker-1", "kube-router-x", "static", "web-c"}, left); diff != "" {
		t.Errorf("pods left (-want +got):\n%s", diff)
	}
	refused := 0
	for _, e := range c.events {
		if e == "refusal node-drain eviction refused by a PodDisruptionBudget" {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("recorded %d refusals, want 2: %v", refused, c.events)
	}
	if err := undo.Revert(); err != nil || c.node(t, w1).Spec.Unschedulable {
		t.Fatalf("revert = %v; node unschedulable = %v", err, c.node(t, w1).Spec.Unschedulable)
	}
}

func TestSweep(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	c.docker.RefuseIP = false
	c.docker.Set(w1, fakeengine.Node{State: "paused", IP: "172.18.0.3"})
	c.docker.Set(w2, fakeengine.Node{State: "running", IP: ""}) // disconnected
	ctx := context.Background()
	if err := annotateNode(ctx, c.env, w2, map[string]any{fault.AnnotationNodeIP: "172.18.0.4"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := patchNode(ctx, c.env, w1, true, map[string]any{fault.AnnotationCordoned: "run-0"}); err != nil {
		t.Fatal(err)
	}
	want := []fault.Leftover{
		{Family: "node", Object: fault.NodeRef(w1), What: "container paused: unpause"},
		{Family: "node", Object: fault.NodeRef(w2), What: "off network kind: reconnect with 172.18.0.4"},
		{Family: "node", Object: fault.NodeRef(w1), What: "cordoned by run run-0: uncordon"},
	}
	dry, err := Sweep(ctx, c.env, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, dry); diff != "" {
		t.Errorf("dry run (-want +got):\n%s", diff)
	}
	if c.docker.Get(w1).State != "paused" {
		t.Fatal("dry run changed something")
	}
	got, err := Sweep(ctx, c.env, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sweep (-want +got):\n%s", diff)
	}
	if s := c.docker.Get(w2); s.IP != "172.18.0.4" || c.docker.Get(w1).State != "running" || c.node(t, w1).Spec.Unschedulable {
		t.Errorf("after sweep: w1 %+v unschedulable %v, w2 %+v", c.docker.Get(w1), c.node(t, w1).Spec.Unschedulable, s)
	}
	again, err := Sweep(ctx, c.env, true)
	if err != nil || len(again) != 0 {
		t.Errorf("second sweep found %v, %v; want nothing", again, err)
	}
}

// A drain whose refused evictions run into its deadline through client-go's
// rate limiter ("would exceed context deadline", before the context itself
// is done) ends as a drain blocked at its deadline, not as a failed fault.
func TestDrainBlockedToItsDeadline(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	if err := c.cs.Tracker().Add(podOn("web-a", w1, "ReplicaSet", nil)); err != nil {
		t.Fatal(err)
	}
	calls := 0
	c.cs.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "eviction" {
			return false, nil, nil
		}
		calls++
		if calls > 1 {
			return true, nil, errors.New("client rate limiter Wait returned an error: rate: Wait(n=1) would exceed context deadline")
		}
		return true, nil, apierrors.NewTooManyRequests("budget", 1)
	})
	c.inject(t, Drain{Node: w1, Timeout: 300 * time.Millisecond, Retry: time.Millisecond})
	incomplete := false
	for _, e := range c.events {
		incomplete = incomplete || strings.Contains(e, MsgDrainIncomplete)
	}
	if !incomplete {
		t.Errorf("no %q event: %v", MsgDrainIncomplete, c.events)
	}
}
