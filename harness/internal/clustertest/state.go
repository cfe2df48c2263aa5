package clustertest

import (
	"context"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// State is what must be the same before a fault and after its revert.
type State struct {
	// Nodes maps each node to "Ready" or "NotReady", and ",cordoned".
	Nodes map[string]string
	// CoreDNS is the number of available CoreDNS replicas.
	CoreDNS int32
	// TargetReady counts the ready target pods of the namespace.
	TargetReady int
}

// Snapshot reads the state from the API.
func Snapshot(ctx context.Context, env *fault.Env, ns string) (State, error) {
	st := State{Nodes: map[string]string{}}
	nodes, err := env.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return st, err
	}
	for _, n := range nodes.Items {
		s := "NotReady"
		for _, c := range n.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				s = "Ready"
			}
		}
		if n.Spec.Unschedulable {
			s += ",cordoned"
		}
		st.Nodes[n.Name] = s
	}
	dns, err := env.Client.AppsV1().Deployments("kube-system").Get(ctx, "coredns", metav1.GetOptions{})
	if err != nil {
		return st, err
	}
	st.CoreDNS = dns.Status.AvailableReplicas
	if ns != "" {
		pods, err := env.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(Labels).String()})
		if err != nil {
			return st, err
		}
		for _, p := range pods.Items {
			for _, c := range p.Status.Conditions {
				if p.DeletionTimestamp == nil && c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
					st.TargetReady++
				}
			}
		}
	}
	return st, nil
}

// Before captures the state before a fault.
func Before(t testing.TB, env *fault.Env, ns string) State {
	t.Helper()
	st, err := Snapshot(context.Background(), env, ns)
	if err != nil {
		t.Fatalf("reading the state before the fault: %v", err)
	}
	return st
}

// Restored fails the test unless, within a few minutes, the state equals
// before and no sweeper finds anything of ours left in the cluster.
func Restored(t testing.TB, env *fault.Env, ns string, before State) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var last State
	err := kube.Poll(ctx, 2*time.Second, func(ctx context.Context) (bool, error) {
		st, err := Snapshot(ctx, env, ns)
		last = st
		return err == nil && cmp.Equal(before, st), nil
	})
	if err != nil {
		t.Errorf("state not restored (-before +after):\n%s", cmp.Diff(before, last))
	}
	left, err := harness.SweepEnv(ctx, env, true)
	if err != nil {
		t.Errorf("looking for leftovers: %v", err)
	}
	for _, l := range left {
		t.Errorf("leftover: %s %s: %s", l.Family, l.Object, l.What)
	}
}

// Inject injects f with its revert armed in t.Cleanup, and returns the
// undo so the test can revert earlier.
func Inject(t testing.TB, env *fault.Env, f fault.Fault) (*fault.Undo, error) {
	t.Helper()
	undo := fault.NewUndo(f.Name(), fault.DefaultRevertTimeout, env.Record)
	t.Cleanup(func() {
		if err := undo.Revert(); err != nil {
			t.Errorf("reverting %s: %v", f.Name(), err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	err := f.Inject(ctx, env, undo)
	t.Logf("%s injected in %s (err %v)", f.Name(), time.Since(start).Round(time.Millisecond), err)
	return undo, err
}
