package harness

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/loadgen"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
)

var web = map[string]string{"app": "web"}

func readyPod(name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: web, UID: types.UID("uid-" + name)},
		Spec: corev1.PodSpec{NodeName: "golive-worker"},
		Status: corev1.PodStatus{Phase: corev1.PodRunning,
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}}
}

func ourNode(name string, owned bool) *corev1.Node {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{}}}
	if owned {
		n.Labels[kind.OwnerLabel] = kind.OwnerValue
	}
	return n
}

// fakeEnv is a fault environment on a fake cluster with three ready
// target pods and three nodes.
func fakeEnv(objs ...runtime.Object) *fault.Env {
	objs = append(objs, readyPod("web-a"), readyPod("web-b"), readyPod("web-c"),
		ourNode("golive-control-plane", true), ourNode("golive-worker", true), ourNode("golive-worker2", true))
	return &fault.Env{Client: fake.NewClientset(objs...), Nodes: []kind.Node{
		{Name: "golive-control-plane", Role: kind.ControlPlane}, {Name: "golive-worker", Role: kind.Worker},
		{Name: "golive-worker2", Role: kind.Worker}}}
}

// windowEvery is the width of the fake load's windows.
const windowEvery = 20 * time.Millisecond

// fakeLoad emits a window of 10 requests every windowEvery; failing says
// whether the window ending at a moment fails entirely.
func fakeLoad(failing func(time.Time) bool) LoadFunc {
	return func(ctx context.Context, _ loadgen.Plan, emit func(loadgen.Window)) error {
		t := time.NewTicker(windowEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case now := <-t.C:
				w := loadgen.Window{Start: now.Add(-windowEvery), End: now, Requests: 10}
				if failing != nil && failing(now) {
					w.Errors = map[loadgen.Class]uint64{loadgen.ClassHTTP5xx: 10}
				}
				emit(w)
			}
		}
	}
}

// scenario returns a short scenario with load and the given steps.
func scenario(steps ...Step) Scenario {
	return Scenario{
		Name:     "test",
		Target:   Target{Namespace: "shop", Selector: web, Port: 30080},
		Load:     loadgen.Plan{Pacing: loadgen.Constant{Rate: loadgen.PerSecond(10)}},
		Steady:   Steady{Timeout: 5 * time.Second, RecoverTimeout: 5 * time.Second},
		Phases:   Phases{Baseline: 50 * time.Millisecond, Fault: 400 * time.Millisecond, Recovery: 50 * time.Millisecond},
		Schedule: Schedule{Seed: 1, Steps: steps},
		Checks: []Check{CheckFunc("availability", func(tl *timeline.Timeline) []Verdict {
			s := tl.Summarize(time.Time{}, time.Time{})
			if s.SuccessRatio < 0.99 {
				return []Verdict{{Status: Fail, Reason: "failed requests"}}
			}
			return []Verdict{{Status: Pass, Reason: "no failed request"}}
		})},
	}
}

// runTest runs a scenario on a fake environment.
func runTest(t *testing.T, ctx context.Context, env *fault.Env, s Scenario, opts ...Option) (*Result, error) {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Schedule.Plan(s.Phases.Fault)
	if err != nil {
		t.Fatal(err)
	}
	return run(ctx, env, s, plan, newConfig(append([]Option{WithRunID("test-run")}, opts...)))
}

// counter is a fault that counts its injections and reverts.
type counter struct {
	name               string
	injected, reverted atomic.Int32
	panics             bool
	err                error
	block              bool // wait in Inject until ctx ends

	mu      sync.Mutex
	started []time.Time
	victims []int
}

func (c *counter) Name() string { return c.name }

func (c *counter) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	c.mu.Lock()
	c.started = append(c.started, time.Now())
	c.victims = append(c.victims, env.Rand.IntN(1000))
	c.mu.Unlock()
	if err := undo.Push("count", func(context.Context) error { c.reverted.Add(1); return nil }); err != nil {
		return err
	}
	c.injected.Add(1)
	if c.panics {
		panic("boom")
	}
	if c.block {
		<-ctx.Done()
		return ctx.Err()
	}
	return c.err
}

var errBoom = errors.New("boom")
