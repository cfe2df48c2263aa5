package pod

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func readyWebPod(name string) *corev1.Pod {
	p := webPod(name)
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	return p
}

// A paced deletion waits until the last one's replacement is Ready: the
// second of two deletions due back to back goes only once the workload has
// its three Ready pods again.
func TestDeletePacedWaitsForTheReplacement(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(readyWebPod("web-a"), readyWebPod("web-b"), readyWebPod("web-c"))
	env := newEnv(cs, nil, &recorder{})
	env.RunID = t.Name()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := Delete{Paced: true}
	if err := d.Inject(ctx, env, fault.NewUndo("first", time.Second, nil)); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() { second <- d.Inject(ctx, env, fault.NewUndo("second", time.Second, nil)) }()
	// The replacement arrives not Ready: the second deletion still waits.
	replacement := webPod("web-d")
	if _, err := cs.CoreV1().Pods("shop").Create(ctx, replacement, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-second:
		t.Fatalf("second deletion went with 2 of 3 pods Ready: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	replacement.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	if _, err := cs.CoreV1().Pods("shop").UpdateStatus(ctx, replacement, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("second deletion: %v", err)
	}
	left, _ := cs.CoreV1().Pods("shop").List(ctx, metav1.ListOptions{})
	if len(left.Items) != 2 {
		t.Errorf("%d pods left, want 2 (two deleted of four)", len(left.Items))
	}
}

// A paced deletion still waiting when its phase ends has no effect: the
// run counts it cut short (fault.ErrNoEffect), not failed.
func TestDeletePacedCutShort(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(readyWebPod("web-a"), webPod("web-b"))
	env := newEnv(cs, nil, &recorder{})
	env.RunID = t.Name()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := Delete{Paced: true}.Inject(ctx, env, fault.NewUndo("cut", time.Second, nil))
	if !errors.Is(err, fault.ErrNoEffect) {
		t.Fatalf("err = %v, want ErrNoEffect", err)
	}
	if left, _ := cs.CoreV1().Pods("shop").List(context.Background(), metav1.ListOptions{}); len(left.Items) != 2 {
		t.Errorf("%d pods left, want both: nothing deleted while a pod was not Ready", len(left.Items))
	}
}
