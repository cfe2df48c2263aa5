package observe

import (
	"context"
	"testing"
	"time"

	"github.com/golive/resilience/harness/timeline"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stypes "k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
)

var web = map[string]string{"app": "web"}

func pod(name string, ready bool, lbl map[string]string) *corev1.Pod {
	st := corev1.ConditionFalse
	if ready {
		st = corev1.ConditionTrue
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: lbl, UID: k8stypes.UID("uid-" + name)},
		Spec: corev1.PodSpec{NodeName: "w1"},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: st}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app"}}}}
}

// start runs an observer on a fake cluster and stops it with the test.
func start(t *testing.T, target Target, objs ...runtime.Object) (*fake.Clientset, *timeline.Timeline) {
	t.Helper()
	cs := fake.NewClientset(objs...)
	tl := timeline.New()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	o, err := Start(ctx, cs, tl, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(o.Stop)
	return cs, tl
}

// waitFor waits until cond holds on the timeline.
func waitFor(t *testing.T, tl *timeline.Timeline, what string, cond func(*timeline.Timeline) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tl.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func is(series string, want float64) func(*timeline.Timeline) bool {
	return func(tl *timeline.Timeline) bool { v, ok := tl.Latest(series); return ok && v == want }
}

func podMessages(tl *timeline.Timeline) []string {
	var out []string
	for _, e := range tl.Events(timeline.OfKind(timeline.KindPod)) {
		line := e.Objects[0].Name + " " + e.Message
		if c := e.Attrs[AttrExitCode]; c != "" {
			line += " " + c + " " + e.Attrs[AttrReason]
		}
		out = append(out, line)
	}
	return out
}

func TestPodTransitions(t *testing.T) {
	t.Parallel()
	cs, tl := start(t, Target{Namespace: "shop", Selector: web}, pod("web-a", true, web), pod("db-0", true, map[string]string{"app": "db"}))
	if v, _ := tl.Latest(SeriesPodsReady); v != 1 {
		t.Fatalf("ready pods at start = %v, want 1 (db-0 is not a target)", v)
	}
	ctx := context.Background()
	pods := cs.CoreV1().Pods("shop")
	step := func(what string, fn func() error, cond func(*timeline.Timeline) bool) {
		t.Helper()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		waitFor(t, tl, what, cond)
	}
	step("web-b created", func() error { _, err := pods.Create(ctx, pod("web-b", false, web), metav1.CreateOptions{}); return err },
		is(SeriesPodsTotal, 2))
	step("web-b ready", func() error {
		_, err := pods.UpdateStatus(ctx, pod("web-b", true, web), metav1.UpdateOptions{})
		return err
	},
		is(SeriesPodsReady, 2))
	step("web-a OOMKilled", func() error {
		p := pod("web-a", false, web)
		p.Status.ContainerStatuses[0].RestartCount = 1
		p.Status.ContainerStatuses[0].LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}
		_, err := pods.UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	}, is(SeriesRestarts, 1))
	step("web-a terminating", func() error {
		p := pod("web-a", false, web)
		p.DeletionTimestamp = &metav1.Time{Time: time.Now()}
		_, err := pods.Update(ctx, p, metav1.UpdateOptions{})
		return err
	}, is(SeriesPodsTerminating, 1))
	step("web-a deleted", func() error { return pods.Delete(ctx, "web-a", metav1.DeleteOptions{}) }, is(SeriesPodsTerminating, 0))

	want := []string{
		"web-b pod created", "web-b pod scheduled", "web-b pod Running",
		"web-b pod ready",
		"web-a pod unready", "web-a container restarted 137 OOMKilled",
		"web-a pod terminating",
		"web-a pod deleted",
	}
	if diff := cmp.Diff(want, podMessages(tl)); diff != "" {
		t.Errorf("pod events (-want +got):\n%s", diff)
	}
}
