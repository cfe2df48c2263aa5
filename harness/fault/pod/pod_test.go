package pod

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/golive/resilience/harness/timeline"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

var web = map[string]string{"app": "web"}

func webPod(name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: web, UID: types.UID("uid-" + name)},
		Spec:       corev1.PodSpec{NodeName: "golive-worker", Containers: []corev1.Container{{Name: "app"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{
			{Name: "app", ContainerID: "containerd://c-" + name, RestartCount: 0}}},
	}
}

// recorder collects events.
type recorder struct {
	mu     sync.Mutex
	events []timeline.Event
}

func (r *recorder) record(e timeline.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// summary renders events as "kind source object message".
func (r *recorder) summary() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		line := e.Kind.String() + " " + e.Source
		for _, o := range e.Objects {
			line += " " + o.String()
		}
		out = append(out, line+" "+e.Message)
	}
	return out
}

func newEnv(cs *fake.Clientset, eng fault.Engine, rec *recorder) *fault.Env {
	return &fault.Env{Client: cs, Engine: eng, Namespace: "shop", Selector: web, Record: rec.record}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fault     Delete
		wantGrace *int64
	}{
		{name: "graceful", fault: Delete{}},
		{name: "force", fault: Delete{Force: true}, wantGrace: new(int64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cs := fake.NewClientset(webPod("web-a"), webPod("web-b"))
			rec := &recorder{}
			if err := tt.fault.Inject(context.Background(), newEnv(cs, nil, rec), nil); err != nil {
				t.Fatal(err)
			}
			want := []string{
				"inject " + tt.fault.Name() + " pod/shop/web-a deleting pod",
				"effect " + tt.fault.Name() + " pod/shop/web-a pod gone",
			}
			if diff := cmp.Diff(want, rec.summary()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			for _, a := range cs.Actions() {
				if d, ok := a.(k8stesting.DeleteAction); ok {
					if diff := cmp.Diff(tt.wantGrace, d.GetDeleteOptions().GracePeriodSeconds); diff != "" {
						t.Errorf("grace period (-want +got):\n%s", diff)
					}
				}
			}
		})
	}
}

func TestKill(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(webPod("web-a"))
	rec := &recorder{}
	eng := &fakeengine.Engine{}
	eng.Handler = func(line string) ([]byte, error) {
		switch {
		case strings.HasPrefix(line, "exec golive-worker crictl inspect"):
			return []byte("4242\n"), nil
		case line == "exec golive-worker kill -s KILL 4242":
			p, _ := cs.CoreV1().Pods("shop").Get(context.Background(), "web-a", metav1.GetOptions{})
			st := &p.Status.ContainerStatuses[0]
			st.RestartCount = 1
			st.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "Error", ContainerID: "containerd://c-web-a"}
			_, err := cs.CoreV1().Pods("shop").UpdateStatus(context.Background(), p, metav1.UpdateOptions{})
			return nil, err
		}
		return nil, errors.New("unexpected command " + line)
	}
	if err := (Kill{}).Inject(context.Background(), newEnv(cs, eng, rec), nil); err != nil {
		t.Fatal(err)
	}
	if got := eng.Matching("crictl inspect"); len(got) != 1 || !strings.HasSuffix(got[0], " c-web-a") {
		t.Errorf("inspected %v; want container c-web-a", got)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	last := rec.events[len(rec.events)-1]
	if last.Kind != timeline.KindEffect || last.Attrs["exitCode"] != "137" {
		t.Errorf("last event = %+v; want the effect with exit code 137", last)
	}
}

func TestEvictRecordsPDBRefusals(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(webPod("web-a"), webPod("web-b"))
	cs.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "eviction" {
			return false, nil, nil
		}
		ev := a.(k8stesting.CreateAction).GetObject().(*policyv1.Eviction)
		if ev.Name == "web-a" {
			return true, nil, apierrors.NewTooManyRequests("disruption budget web needs 1 healthy pods", 10)
		}
		return true, nil, cs.Tracker().Delete(corev1.SchemeGroupVersion.WithResource("pods"), ev.Namespace, ev.Name)
	})
	rec := &recorder{}
	if err := (Evict{Count: 2}).Inject(context.Background(), newEnv(cs, nil, rec), nil); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"inject pod-evict pod/shop/web-a evicting pod",
		"refusal pod-evict pod/shop/web-a eviction refused by a PodDisruptionBudget",
		"inject pod-evict pod/shop/web-b evicting pod",
		"effect pod-evict pod/shop/web-b pod gone",
	}
	got := rec.summary()
	// The two pods are picked in name order without a seed.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestNoVictim(t *testing.T) {
	t.Parallel()
	env := newEnv(fake.NewClientset(), nil, &recorder{})
	for _, f := range []fault.Fault{Delete{}, Kill{}, Evict{}} {
		if err := f.Inject(context.Background(), env, nil); !errors.Is(err, fault.ErrNoVictim) {
			t.Errorf("%s: err = %v, want ErrNoVictim", f.Name(), err)
		}
	}
}
