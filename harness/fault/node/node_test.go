package node

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

const w1, w2 = "golive-worker", "golive-worker2"

// cluster is a fake three-node kind cluster: clientset, docker and events.
type cluster struct {
	cs     *fake.Clientset
	docker *fakeengine.Nodes
	eng    *fakeengine.Engine
	env    *fault.Env
	mu     sync.Mutex
	events []string
}

func k8sNode(name string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{cs: fake.NewClientset(k8sNode("golive-control-plane"), k8sNode(w1), k8sNode(w2))}
	c.docker = fakeengine.NewNodes("kind", map[string]string{"golive-control-plane": "172.18.0.2", w1: "172.18.0.3", w2: "172.18.0.4"})
	c.docker.Changed = func(name string, healthy bool) { c.setReady(t, name, healthy) }
	c.eng = &fakeengine.Engine{Handler: c.docker.Handle}
	c.env = &fault.Env{Client: c.cs, Engine: c.eng, RunID: "run-1", Record: c.record, Nodes: []kind.Node{
		{Name: "golive-control-plane", Role: kind.ControlPlane, IP: "172.18.0.2"},
		{Name: w1, Role: kind.Worker, IP: "172.18.0.3"}, {Name: w2, Role: kind.Worker, IP: "172.18.0.4"}}}
	return c
}

// setReady mirrors the container's health into the node's Ready condition,
// as the node lifecycle controller would.
func (c *cluster) setReady(t *testing.T, name string, ready bool) {
	n, err := c.cs.CoreV1().Nodes().Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Error(err)
		return
	}
	n.Status.Conditions[0].Status = corev1.ConditionFalse
	if ready {
		n.Status.Conditions[0].Status = corev1.ConditionTrue
	}
	if _, err := c.cs.CoreV1().Nodes().UpdateStatus(context.Background(), n, metav1.UpdateOptions{}); err != nil {
		t.Error(err)
	}
}

func (c *cluster) record(e timeline.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, e.Kind.String()+" "+e.Source+" "+e.Message)
}

func (c *cluster) node(t *testing.T, name string) *corev1.Node {
	n, err := c.cs.CoreV1().Nodes().Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (c *cluster) inject(t *testing.T, f fault.Fault) *fault.Undo {
	t.Helper()
	undo := fault.NewUndo(f.Name(), time.Minute, c.record)
	t.Cleanup(func() { _ = undo.Revert() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := f.Inject(ctx, c.env, undo); err != nil {
		t.Fatalf("%s: %v", f.Name(), err)
	}
	return undo
}

func TestContainerFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault      fault.Fault
		do, revert string
		wantState  string
	}{
		{fault: Stop{Node: w2}, do: "stop", revert: "start", wantState: "exited"},
		{fault: Kill{Node: w2}, do: "kill", revert: "start", wantState: "exited"},
		{fault: Freeze{Node: w2}, do: "pause", revert: "unpause", wantState: "paused"},
	}
	for _, tt := range tests {
		t.Run(tt.fault.Name(), func(t *testing.T) {
			t.Parallel()
			c := newCluster(t)
			undo := c.inject(t, tt.fault)
			if got := c.docker.Get(w2).State; got != tt.wantState || Ready(c.node(t, w2)) {
				t.Fatalf("after inject: container %s, node ready %v; want %s, not ready", got, Ready(c.node(t, w2)), tt.wantState)
			}
			if err := undo.Revert(); err != nil {
				t.Fatal(err)
			}
			if got := c.docker.Get(w2).State; got != "running" || !Ready(c.node(t, w2)) {
				t.Fatalf("after revert: container %s, node ready %v; want running, ready", got, Ready(c.node(t, w2)))
			}
			if diff := cmp.Diff([]string{tt.do + " " + w2, tt.revert + " " + w2}, c.eng.Calls()); diff != "" {
				t.Errorf("docker calls (-want +got):\n%s", diff)
			}
			name := tt.fault.Name()
			want := []string{
				"inject " + name + " docker " + tt.do,
				"note " + name + " node down: docker " + tt.do + " returned",
				"effect " + name + " node NotReady",
				"note " + name + " node Ready",
				"revert " + name + " " + tt.revert + " node " + w2,
			}
			if diff := cmp.Diff(want, c.events); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDisconnectReconnectsWithTheOriginalAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		refuseIP  bool
		wantCalls []string
	}{
		{name: "docker honours --ip", wantCalls: []string{"network disconnect kind " + w1, "network connect --ip 172.18.0.3 kind " + w1}},
		{name: "docker refuses --ip", refuseIP: true, wantCalls: []string{"network disconnect kind " + w1,
			"network connect --ip 172.18.0.3 kind " + w1, "network connect kind " + w1, "restart " + w1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCluster(t)
			c.docker.RefuseIP, c.docker.NextIP = tt.refuseIP, "172.18.0.9"
			undo := c.inject(t, Disconnect{})
			if got := c.node(t, w1).Annotations[fault.AnnotationNodeIP]; got != "172.18.0.3" {
				t.Errorf("address mark = %q, want 172.18.0.3", got)
			}
			if err := undo.Revert(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, call := range c.eng.Calls() {
				if call[:4] != "insp" {
					got = append(got, call)
				}
			}
			if diff := cmp.Diff(tt.wantCalls, got); diff != "" {
				t.Errorf("docker calls (-want +got):\n%s", diff)
			}
			if n := c.node(t, w1); !Ready(n) || n.Annotations[fault.AnnotationNodeIP] != "" {
				t.Errorf("after revert: ready %v, mark %q; want ready and no mark", Ready(n), n.Annotations[fault.AnnotationNodeIP])
			}
		})
	}
}

func TestCordon(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	undo := c.inject(t, Cordon{Node: w1})
	if n := c.node(t, w1); !n.Spec.Unschedulable || n.Annotations[fault.AnnotationCordoned] != "run-1" {
		t.Fatalf("after inject: unschedulable %v, annotations %v", n.Spec.Unschedulable, n.Annotations)
	}
	if err := undo.Revert(); err != nil {
		t.Fatal(err)
	}
	if n := c.node(t, w1); n.Spec.Unschedulable || n.Annotations[fault.AnnotationCordoned] != "" {
		t.Fatalf("after revert: unschedulable %v, annotations %v", n.Spec.Unschedulable, n.Annotations)
	}

	// A node someone else cordoned stays cordoned after our revert.
	n := c.node(t, w2)
	n.Spec.Unschedulable = true
	if _, err := c.cs.CoreV1().Nodes().Update(context.Background(), n, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	undo = c.inject(t, Cordon{Node: w2})
	if err := undo.Revert(); err != nil || !c.node(t, w2).Spec.Unschedulable {
		t.Fatalf("revert = %v, unschedulable %v; want the foreign cordon kept", err, c.node(t, w2).Spec.Unschedulable)
	}
}
