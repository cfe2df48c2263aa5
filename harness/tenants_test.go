package harness

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// nodeFault is a cluster-scoped fault that strikes one node: it records
// its injection on the node, as node faults do, and counts itself.
type nodeFault struct {
	counter
	node string
	// refused, when set, is a pod whose eviction the fault records as refused.
	refused *timeline.Ref
}

func (n *nodeFault) Scope() fault.Scope { return fault.ScopeCluster }

func (n *nodeFault) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: n.name, Objects: []timeline.Ref{fault.NodeRef(n.node)}, Message: "node struck"})
	if n.refused != nil {
		env.Emit(timeline.Event{Kind: timeline.KindRefusal, Source: n.name, Objects: []timeline.Ref{*n.refused}, Message: "eviction refused"})
	}
	return n.counter.Inject(ctx, env, undo)
}

// podOn is a ready target pod of namespace ns on node.
func podOn(ns, name, node string) *corev1.Pod {
	p := readyPod(name)
	p.Namespace, p.UID, p.Spec.NodeName = ns, types.UID("uid-"+ns+"-"+name), node
	return p
}

// tenant is the test scenario for namespace ns on its own port.
func tenant(ns string, port int, steps ...Step) Scenario {
	s := scenario(steps...)
	s.Target.Namespace, s.Target.Port = ns, port
	return s
}

func runTenants(t *testing.T, env *fault.Env, ss []Scenario, opts ...Option) ([]*Result, error) {
	t.Helper()
	plans, err := planAll(ss)
	if err != nil {
		t.Fatal(err)
	}
	return runAll(context.Background(), env, ss, plans, newConfig(append([]Option{WithRunID("test-run")}, opts...)))
}

func verdictOf(t *testing.T, r *Result) Verdict {
	t.Helper()
	if r == nil || len(r.Verdicts) != 1 {
		t.Fatalf("result %+v: want one verdict", r)
	}
	return r.Verdicts[0]
}

func TestTenantsShareClusterFaultsAndEachGetTargetFaults(t *testing.T) {
	t.Parallel()
	podFault := &counter{name: "pod"}
	node := &nodeFault{counter: counter{name: "node"}, node: "golive-worker", refused: &timeline.Ref{Kind: "pod", Namespace: "blue", Name: "web-a"}}
	steps := []Step{At(0, node).For(100 * time.Millisecond), At(50*time.Millisecond, podFault)}
	env := fakeEnv(podOn("blue", "web-a", "golive-worker"))
	rs, err := runTenants(t, env, []Scenario{tenant("shop", 30080, steps...), tenant("blue", 30081, steps...)}, WithLoad(fakeLoad(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if node.injected.Load() != 1 || node.reverted.Load() != 1 {
		t.Errorf("cluster fault: injected %d, reverted %d; want once for both tenants", node.injected.Load(), node.reverted.Load())
	}
	if podFault.injected.Load() != 2 || podFault.reverted.Load() != 2 {
		t.Errorf("target fault: injected %d, reverted %d; want once per tenant", podFault.injected.Load(), podFault.reverted.Load())
	}
	// The same seeded schedule: both tenants' injections draw the same victims.
	if v := podFault.victims; len(v) != 2 || v[0] != v[1] {
		t.Errorf("victim draws %v: want the same seeded choice in each tenant", v)
	}
	for i, r := range rs {
		if v := verdictOf(t, r); v.Status != Pass {
			t.Errorf("tenant %d: %s %q, want PASS", i, v.Status, v.Reason)
		}
		if len(r.Injections) != 2 || r.Injections[0].Missed {
			t.Errorf("tenant %d: injections %+v", i, r.Injections)
		}
		if len(r.Timeline.Events(func(e timeline.Event) bool { return e.Kind == timeline.KindInject })) == 0 {
			t.Errorf("tenant %d: the cluster fault is not on its timeline", i)
		}
		// The refusal names blue's pod: it is blue's alone.
		refusals := len(r.Timeline.Events(timeline.OfKind(timeline.KindRefusal)))
		if want := map[int]int{0: 0, 1: 1}[i]; refusals != want {
			t.Errorf("tenant %d: %d refusals on its timeline, want %d", i, refusals, want)
		}
	}
}

func TestTenantTheFaultMissedIsError(t *testing.T) {
	t.Parallel()
	node := &nodeFault{counter: counter{name: "node-stop"}, node: "golive-worker"}
	// shop's pods sit on golive-worker (fakeEnv); blue's only on worker2.
	env := fakeEnv(podOn("blue", "web-a", "golive-worker2"))
	rs, err := runTenants(t, env, []Scenario{tenant("shop", 30080, At(0, node)), tenant("blue", 30081, At(0, node))}, WithLoad(fakeLoad(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if v := verdictOf(t, rs[0]); v.Status != Pass {
		t.Errorf("reached tenant: %s %q, want PASS", v.Status, v.Reason)
	}
	v := verdictOf(t, rs[1])
	if v.Status != Error || !strings.Contains(v.Reason, "the fault did not reach this target") || !strings.Contains(v.Reason, "golive-worker") {
		t.Errorf("missed tenant: %s %q, want ERROR \"the fault did not reach this target\" naming the node", v.Status, v.Reason)
	}
}

func TestFailedFaultIsErrorNeverPass(t *testing.T) {
	t.Parallel()
	// The load fails from this fault's injection on.
	failingFrom := &counter{name: "a"}
	for _, tc := range []struct {
		name    string
		steps   []Step
		failing func(time.Time) bool
		want    Status
		reason  string
	}{
		{"the only fault failed", []Step{At(0, &counter{name: "node-stop", err: errBoom})}, nil, Error, "the fault did not take effect: node-stop #0: boom"},
		{"one of two failed, the check passes", []Step{At(0, &counter{name: "a"}), At(50*time.Millisecond, &counter{name: "b", err: errBoom})}, nil,
			Error, "the fault did not take effect: b #1: boom"},
		{"one of two failed, the check fails", []Step{At(0, failingFrom), At(50*time.Millisecond, &counter{name: "b", err: errBoom})},
			func(time.Time) bool { return failingFrom.injected.Load() > 0 }, Fail, "failed requests (also: the fault did not take effect: b #1"},
		{"every fault took effect", []Step{At(0, &counter{name: "a"})}, nil, Pass, "no failed request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := scenario(tc.steps...)
			res, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(fakeLoad(tc.failing)))
			if err != nil {
				t.Fatal(err)
			}
			v := verdictOf(t, res)
			if v.Status != tc.want || !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("%s %q, want %s %q", v.Status, v.Reason, tc.want, tc.reason)
			}
		})
	}
}

func TestUnsteadyTenantIsErrorOthersJudged(t *testing.T) {
	t.Parallel()
	// blue's load never succeeds: it is never steady.
	load := func(ctx context.Context, p loadgen.Plan, emit func(loadgen.Window)) error {
		failing := func(time.Time) bool { return strings.Contains(p.Targets[0].URL, ":30081") }
		return fakeLoad(failing)(ctx, p, emit)
	}
	env := fakeEnv(podOn("blue", "web-a", "golive-worker"))
	steps := []Step{At(0, &counter{name: "pod"})}
	rs, err := runTenants(t, env, []Scenario{tenant("shop", 30080, steps...), tenant("blue", 30081, steps...)}, WithLoad(load))
	if err != nil {
		t.Fatal(err)
	}
	if v := verdictOf(t, rs[0]); v.Status != Pass {
		t.Errorf("steady tenant: %s %q, want PASS", v.Status, v.Reason)
	}
	if v := verdictOf(t, rs[1]); v.Status != Error || !strings.Contains(v.Reason, "not healthy before the fault") {
		t.Errorf("unsteady tenant: %s %q, want ERROR \"not healthy before the fault\"", v.Status, v.Reason)
	}
	// With no tenant steady the run fails, as a single run does.
	_, err = runTenants(t, env, []Scenario{tenant("blue", 30081, steps...)}, WithLoad(load))
	if !errors.Is(err, ErrNotSteady) {
		t.Errorf("err = %v, want ErrNotSteady", err)
	}
}

func TestTenantsMustShareTheSchedule(t *testing.T) {
	t.Parallel()
	a, b := &counter{name: "a"}, &counter{name: "b"}
	for name, ss := range map[string][]Scenario{
		"other fault":     {tenant("shop", 30080, At(0, a)), tenant("blue", 30081, At(0, b))},
		"other offset":    {tenant("shop", 30080, At(0, a)), tenant("blue", 30081, At(10*time.Millisecond, a))},
		"same namespace":  {tenant("shop", 30080, At(0, a)), tenant("shop", 30081, At(0, a))},
		"other phases":    {tenant("shop", 30080, At(0, a)), func() Scenario { s := tenant("blue", 30081, At(0, a)); s.Phases.Recovery++; return s }()},
		"no scenario":     nil,
		"fewer injection": {tenant("shop", 30080, At(0, a)), tenant("blue", 30081)},
	} {
		if _, err := planAll(ss); !errors.Is(err, ErrTenants) {
			t.Errorf("%s: err = %v, want ErrTenants", name, err)
		}
	}
}
