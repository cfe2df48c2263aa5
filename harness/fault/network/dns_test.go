package network

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

var dnsLabels = map[string]string{"k8s-app": "kube-dns"}

// withCoreDNS adds a two-replica CoreDNS and a reactor that plays the
// Deployment controller: scaling to zero deletes the pods, scaling up makes
// the replicas available.
func withCoreDNS(t *testing.T, cs *fake.Clientset) {
	t.Helper()
	two := int32(2)
	dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "coredns", Namespace: "kube-system"},
		Spec:   appsv1.DeploymentSpec{Replicas: &two, Selector: &metav1.LabelSelector{MatchLabels: dnsLabels}},
		Status: appsv1.DeploymentStatus{AvailableReplicas: 2}}
	objs := []runtime.Object{dep}
	for _, n := range []string{"coredns-a", "coredns-b"} {
		objs = append(objs, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: n, Namespace: "kube-system", Labels: dnsLabels}})
	}
	for _, o := range objs {
		if err := cs.Tracker().Add(o); err != nil {
			t.Fatal(err)
		}
	}
	gvr := appsv1.SchemeGroupVersion.WithResource("deployments")
	cs.PrependReactor("patch", "deployments", func(a k8stesting.Action) (bool, runtime.Object, error) {
		pa := a.(k8stesting.PatchAction)
		obj, err := cs.Tracker().Get(gvr, pa.GetNamespace(), pa.GetName())
		if err != nil {
			return true, nil, err
		}
		old, _ := json.Marshal(obj)
		merged, err := strategicpatch.StrategicMergePatch(old, pa.GetPatch(), appsv1.Deployment{})
		if err != nil {
			return true, nil, err
		}
		d := &appsv1.Deployment{}
		if err := json.Unmarshal(merged, d); err != nil {
			return true, nil, err
		}
		d.Status.AvailableReplicas = *d.Spec.Replicas
		if *d.Spec.Replicas == 0 {
			for _, n := range []string{"coredns-a", "coredns-b"} {
				_ = cs.Tracker().Delete(corev1.SchemeGroupVersion.WithResource("pods"), "kube-system", n)
			}
		}
		return true, d, cs.Tracker().Update(gvr, d, d.Namespace)
	})
}

func coredns(t *testing.T, r *rig) *appsv1.Deployment {
	d, err := r.env.Client.AppsV1().Deployments("kube-system").Get(context.Background(), "coredns", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDNSOutage(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	withCoreDNS(t, r.env.Client.(*fake.Clientset))
	undo, err := inject(t, r, DNSOutage{})
	if err != nil {
		t.Fatal(err)
	}
	if d := coredns(t, r); *d.Spec.Replicas != 0 || d.Annotations[fault.AnnotationReplicas] != "2" {
		t.Fatalf("after inject: replicas %d, annotations %v", *d.Spec.Replicas, d.Annotations)
	}
	if diff := cmp.Diff([]string{"inject", "effect"}, r.kinds()); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if _, err := inject(t, r, DNSOutage{}); err == nil {
		t.Error("a second outage on a scaled-down CoreDNS was accepted")
	}
	if err := undo.Revert(); err != nil {
		t.Fatal(err)
	}
	if d := coredns(t, r); *d.Spec.Replicas != 2 || len(d.Annotations) != 0 {
		t.Fatalf("after revert: replicas %d, annotations %v", *d.Spec.Replicas, d.Annotations)
	}
}

func TestSweep(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cs := r.env.Client.(*fake.Clientset)
	withCoreDNS(t, cs)
	r.env.Nodes = r.env.Nodes[1:2] // w1
	ctx := context.Background()
	// A crashed run left a chain in the node, one in a pod namespace, a
	// qdisc and CoreDNS scaled down.
	for _, line := range []string{
		"exec w1 iptables -w 5 -N GOLIVE-LOSS-1", "exec w1 iptables -w 5 -I INPUT 1 -j GOLIVE-LOSS-1",
		"exec w1 nsenter --net=/var/run/netns/cni-77 iptables -w 5 -N GOLIVE-PART-2",
		"exec w1 tc qdisc add dev eth0 root handle 1a7e: netem delay 10ms",
		"exec w1 iptables -w 5 -N KUBE-ROUTER-INPUT",
	} {
		if _, err := r.net.handle(line); err != nil {
			t.Fatal(err)
		}
	}
	if err := scale(ctx, r.env, "kube-system", "coredns", 0, map[string]any{fault.AnnotationReplicas: "2"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"node/w1 iptables chain GOLIVE-LOSS-1: delete",
		"node/w1 netem qdisc on eth0: delete",
		"netns/w1/cni-77 iptables chain GOLIVE-PART-2: delete",
		"deployment/kube-system/coredns scaled down to 0: restore 2 replicas",
	}
	render := func(ls []fault.Leftover) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Object.String()+" "+l.What)
		}
		return out
	}
	for _, dry := range []bool{true, false} {
		got, err := Sweep(ctx, r.env, dry)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, render(got)); diff != "" {
			t.Errorf("dry=%v (-want +got):\n%s", dry, diff)
		}
	}
	if left := r.net.ours(); len(left) != 0 {
		t.Errorf("left after sweep: %v", left)
	}
	if _, ok := r.net.chains["exec w1"]["KUBE-ROUTER-INPUT"]; !ok {
		t.Error("sweep deleted a chain that is not ours")
	}
	if got, _ := Sweep(ctx, r.env, true); len(got) != 0 {
		t.Errorf("second sweep found %v", render(got))
	}
}
