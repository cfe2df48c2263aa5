package netpol

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/netpol/dial"
)

func policy(name string, sel map[string]string, types ...networkingv1.PolicyType) *networkingv1.NetworkPolicy {
	return &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Spec: networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: sel}, PolicyTypes: types}}
}

func TestSelecting(t *testing.T) {
	app := map[string]string{"app": "target"}
	egressOnly := policy("egress-rules", app)
	egressOnly.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{}}
	cs := fake.NewClientset(
		policy("target", app, networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress),
		policy("other", map[string]string{"app": "other"}, networkingv1.PolicyTypeIngress),
		policy("all-pods", nil, networkingv1.PolicyTypeIngress),
		egressOnly,
	)
	env := &fault.Env{Client: cs, Namespace: "ns"}
	in, eg, err := selecting(context.Background(), env, map[string]string{"app": "target", "pod-template-hash": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(in, ","); got != "all-pods,egress-rules,target" {
		t.Errorf("ingress policies %q, want all-pods,egress-rules,target (no policyTypes: Ingress is implied)", got)
	}
	if got := strings.Join(eg, ","); got != "egress-rules,target" {
		t.Errorf("egress policies %q, want egress-rules,target", got)
	}
}

func TestTargetPods(t *testing.T) {
	ready := corev1.PodStatus{PodIP: "10.0.0.1", Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}
	pod := func(name string, labels map[string]string, st corev1.PodStatus) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", Labels: labels},
			Spec:   corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}}},
			Status: st}
	}
	app := map[string]string{"app": "target"}
	cs := fake.NewClientset(
		pod("a", app, ready),
		pod("b", app, corev1.PodStatus{PodIP: "10.0.0.2"}), // not ready
		pod("probe", map[string]string{"app": "target", LabelProbe: "egress"}, ready),
	)
	env := &fault.Env{Client: cs, Namespace: "ns", Selector: app}
	addrs, _, err := targetPods(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(addrs, ",") != "10.0.0.1:8080" {
		t.Errorf("targets %v, want only the ready target pod", addrs)
	}
	env.Selector = map[string]string{"app": "none"}
	if _, _, err := targetPods(context.Background(), env); !errors.Is(err, fault.ErrNoVictim) {
		t.Errorf("no target pods: %v, want ErrNoVictim", err)
	}
}

func TestTallyEvent(t *testing.T) {
	var tl tally
	tl.outcomes = map[string]int{}
	at := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	tl.add(at, dial.Result{Outcome: dial.Connected}, nil)
	tl.add(at.Add(time.Second), dial.Result{Outcome: dial.TimedOut, Millis: 2000}, nil)
	tl.add(at.Add(2*time.Second), dial.Result{}, errors.New("proxy: 503"))
	from := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "netprobe-unlisted-1", Namespace: "ns"}}
	e := tl.event(route{role: RoleUnlisted, from: from, to: []string{"10.0.0.1:8080"}}, []string{"target"})
	for k, want := range map[string]string{AttrAttempts: "3", AttrConnected: "1", AttrBlocked: "1", AttrErrors: "1", AttrPolicies: "target", AttrRole: RoleUnlisted} {
		if e.Attrs[k] != want {
			t.Errorf("attr %s = %q, want %q", k, e.Attrs[k], want)
		}
	}
	if !strings.Contains(e.Message, "1 of 3 connections") || !strings.Contains(e.Message, "1 timeout") || !strings.Contains(e.Message, "proxy: 503") {
		t.Errorf("message %q", e.Message)
	}
	if e.Attrs[AttrFirstOpen] == "" || !e.Time.Equal(at.Add(3*time.Second)) {
		t.Errorf("first open %q, time %s", e.Attrs[AttrFirstOpen], e.Time)
	}
}

func TestShortID(t *testing.T) {
	for in, want := range map[string]string{"20261129T061250.595": "t061250595", "abc": "abc", "...": ""} {
		got := shortID(in)
		if want == "" {
			if got == "" {
				t.Errorf("shortID(%q) is empty", in)
			}
			continue
		}
		if got != want {
			t.Errorf("shortID(%q) = %q, want %q", in, got, want)
		}
	}
}
