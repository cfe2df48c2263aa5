package scenarios_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/scenarios"
)

// Runs take the cluster one at a time, the least disruptive first: a run
// after a node loss or the enforcer's removal measured the cluster's own
// recovery (kube-router re-learning the returned node's routes) — the good
// target lost 2 of 1480 requests in a pod-termination run that followed a
// node-loss run by 40 s, and none in 6 runs that did not. After each run
// the next one waits until every node is Ready and every kube-system
// DaemonSet (pod network, kube-proxy) is available again; the last run's
// namespaces are deleted in the background (waiting for them cost 27 s a
// run). A second pod-termination run after a node loss, with the nodes
// and DaemonSets whole, still lost 2 of 1480: the order is what keeps the
// runs apart.
var turnOrder = []string{
	string(scenarios.PodTermination), string(scenarios.NetworkPolicy), string(scenarios.DependencyOutage), string(scenarios.DegradedNetwork), string(scenarios.RollingUpdate),
	string(scenarios.Autoscaling), string(scenarios.NodeDrain), string(scenarios.NetworkPartition), string(scenarios.NodeLoss), withoutEnforcer,
}

// withoutEnforcer names the run that removes the NetworkPolicy enforcer.
const withoutEnforcer = "network-policy-without-enforcer"

// turns grants the cluster to one run at a time: when it is free, to the
// waiting run first in turnOrder. The first grant waits a moment, so that
// the runs every test asks for at once are all waiting.
type turns struct {
	// first is the moment the first grant waits; between runs after each
	// run, before the next is granted.
	first   time.Duration
	between func()

	mu   sync.Mutex
	busy bool
	// started is set by the first take, open once the first moment has
	// passed: only then is the cluster granted.
	started, open bool
	waiting       map[string]chan struct{}
}

var cluster = &turns{first: 5 * time.Second, waiting: map[string]chan struct{}{},
	between: func() { settle(suiteCtx) }}

// take waits for the cluster; the returned function gives it back.
func (t *turns) take(name string) (release func()) {
	ch := make(chan struct{})
	t.mu.Lock()
	t.waiting[name] = ch
	if !t.started {
		t.started = true
		time.AfterFunc(t.first, func() {
			t.mu.Lock()
			t.open = true
			t.mu.Unlock()
			t.next()
		})
	}
	if t.open && !t.busy {
		t.grantLocked()
	}
	t.mu.Unlock()
	<-ch
	return func() {
		if t.between != nil {
			t.between()
		}
		t.mu.Lock()
		t.busy = false
		t.mu.Unlock()
		t.next()
	}
}

func (t *turns) next() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.busy {
		t.grantLocked()
	}
}

// grantLocked wakes the waiting run first in turnOrder.
func (t *turns) grantLocked() {
	best := ""
	for name := range t.waiting {
		if best == "" || rankOf(name) < rankOf(best) || rankOf(name) == rankOf(best) && name < best {
			best = name
		}
	}
	if best == "" {
		return
	}
	t.busy = true
	close(t.waiting[best])
	delete(t.waiting, best)
}

func rankOf(name string) int {
	if i := slices.Index(turnOrder, name); i >= 0 {
		return i
	}
	return len(turnOrder)
}

// settle waits, for at most 3 minutes, until every node is Ready and every
// kube-system DaemonSet has all its pods available.
func settle(ctx context.Context) {
	cs, err := suiteCluster.Clientset()
	if err != nil {
		logf("settle: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	start := time.Now()
	whole := func() bool {
		nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return false
		}
		for _, n := range nodes.Items {
			if !nodeReady(n) {
				return false
			}
		}
		dss, err := cs.AppsV1().DaemonSets("kube-system").List(ctx, metav1.ListOptions{})
		if err != nil {
			return false
		}
		for _, ds := range dss.Items {
			if !available(ds) {
				return false
			}
		}
		return true
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for !whole() {
		select {
		case <-ctx.Done():
			logf("settle: the cluster is not whole after %s: %v", time.Since(start).Round(time.Second), ctx.Err())
			return
		case <-tick.C:
		}
	}
}

func nodeReady(n corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func available(ds appsv1.DaemonSet) bool {
	s := ds.Status
	return s.ObservedGeneration >= ds.Generation && s.NumberAvailable == s.DesiredNumberScheduled && s.UpdatedNumberScheduled == s.DesiredNumberScheduled
}

// The runs that ask in the first moment take the cluster in turnOrder,
// one at a time, whatever order they asked in.
func TestTurnsOrder(t *testing.T) {
	t.Parallel()
	tt := &turns{first: 200 * time.Millisecond, waiting: map[string]chan struct{}{}}
	var (
		mu     sync.Mutex
		order  []string
		inside int
		wg     sync.WaitGroup
	)
	for _, name := range []string{withoutEnforcer, string(scenarios.NodeLoss), string(scenarios.Autoscaling), string(scenarios.PodTermination)} {
		wg.Go(func() {
			release := tt.take(name)
			mu.Lock()
			order = append(order, name)
			inside++
			if inside > 1 {
				t.Errorf("%s took the cluster while another run held it", name)
			}
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			mu.Lock()
			inside--
			mu.Unlock()
			release()
		})
		time.Sleep(20 * time.Millisecond) // they ask one after the other
	}
	wg.Wait()
	want := []string{string(scenarios.PodTermination), string(scenarios.Autoscaling), string(scenarios.NodeLoss), withoutEnforcer}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}
