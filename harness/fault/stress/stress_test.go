package stress

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// newEnv returns an env whose fake API server makes created pods Ready at
// once, as a kubelet would once the script has run.
func newEnv(t *testing.T, objs ...runtime.Object) *fault.Env {
	t.Helper()
	cs := fake.NewClientset(objs...)
	cs.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		p.Status.Phase = corev1.PodRunning
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
		return true, p, cs.Tracker().Create(corev1.SchemeGroupVersion.WithResource("pods"), p, p.Namespace)
	})
	return &fault.Env{Client: cs, RunID: "run-1", Namespace: "shop", Selector: map[string]string{"app": "web"},
		Nodes: []kind.Node{{Name: "cp", Role: kind.ControlPlane}, {Name: "w1", Role: kind.Worker}, {Name: "w2", Role: kind.Worker}}}
}

func stressPods(t *testing.T, env *fault.Env) []corev1.Pod {
	t.Helper()
	list, err := env.Client.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{LabelSelector: fault.LabelFault})
	if err != nil {
		t.Fatal(err)
	}
	return list.Items
}

func TestStress(t *testing.T) {
	t.Parallel()
	target := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-a", Namespace: "shop", Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{NodeName: "w2"}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	tests := []struct {
		name     string
		fault    Stress
		wantNode string
		wantErr  error
	}{
		{name: "cpu on a named node", fault: Stress{Node: "w1", Image: "busybox", CPU: 2}, wantNode: "w1"},
		{name: "memory beside a target pod", fault: Stress{Beside: true, Image: "busybox", Memory: 64 << 20}, wantNode: "w2"},
		{name: "no image", fault: Stress{CPU: 1}, wantErr: ErrNoImage},
		{name: "nothing to do", fault: Stress{Image: "busybox"}, wantErr: ErrNoLoad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := newEnv(t, target)
			undo := fault.NewUndo(tt.fault.Name(), time.Minute, nil)
			t.Cleanup(func() { _ = undo.Revert() })
			err := tt.fault.Inject(context.Background(), env, undo)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			pods := stressPods(t, env)
			if len(pods) != 1 {
				t.Fatalf("%d stress pods, want 1", len(pods))
			}
			p := pods[0]
			c := p.Spec.Containers[0]
			got := []string{p.Spec.NodeName, p.Labels[fault.LabelRun], string(c.ImagePullPolicy), c.Image}
			if diff := cmp.Diff([]string{tt.wantNode, "run-1", "Never", "busybox"}, got); diff != "" {
				t.Errorf("pod (-want +got):\n%s", diff)
			}
			if err := undo.Revert(); err != nil || len(stressPods(t, env)) != 0 {
				t.Errorf("revert = %v, %d stress pods left", err, len(stressPods(t, env)))
			}
		})
	}
}

func TestSweep(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	undo := fault.NewUndo("stress", time.Minute, nil)
	if err := (Stress{Image: "busybox", CPU: 1}).Inject(context.Background(), env, undo); err != nil {
		t.Fatal(err)
	}
	// The run dies here: no revert. Sweep finds the pod and deletes it.
	for _, dry := range []bool{true, false} {
		got, err := Sweep(context.Background(), env, dry)
		if err != nil || len(got) != 1 || got[0].Family != "stress" {
			t.Fatalf("dry=%v: Sweep = %v, %v; want the stress pod", dry, got, err)
		}
	}
	if n := len(stressPods(t, env)); n != 0 {
		t.Fatalf("%d stress pods after sweep", n)
	}
}
