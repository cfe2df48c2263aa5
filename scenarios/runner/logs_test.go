package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// A failed scenario keeps each pod's log and the namespace's events.
func TestCollectPods(t *testing.T) {
	t.Parallel()
	at := metav1.NewTime(time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC))
	cs := fake.NewClientset(
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-a", Namespace: "shop"},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}, {Name: "proxy"}}}},
		&corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e2", Namespace: "shop"}, Type: "Warning", Reason: "BackOff",
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web-a"}, Message: "Back-off restarting", LastTimestamp: metav1.NewTime(at.Add(time.Minute))},
		&corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e1", Namespace: "shop"}, Type: "Normal", Reason: "Started",
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web-a"}, Message: "Started container web", LastTimestamp: at, Count: 2},
	)
	dir := filepath.Join(t.TempDir(), "pod-termination", "shop")
	if err := collectPods(context.Background(), cs, "shop", dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"web-a_web.log", "web-a_proxy.log", "events.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not kept: %v", f, err)
		}
	}
	ev, _ := os.ReadFile(filepath.Join(dir, "events.txt"))
	lines := strings.Split(strings.TrimSpace(string(ev)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "Started") || !strings.Contains(lines[0], "(x2)") || !strings.Contains(lines[1], "pod/web-a: Back-off restarting") {
		t.Errorf("events.txt, oldest first:\n%s", ev)
	}
}
