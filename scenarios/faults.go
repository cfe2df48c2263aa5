package scenarios

import (
	"context"
	"fmt"
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/loadgen"
)

// OnBusiestWorker runs a node fault on the worker that hosts the most
// target pods: the worst case, and the one a forced co-location loses.
type OnBusiestWorker struct {
	Label string
	Fault func(node string) fault.Fault
}

var _ fault.Fault = OnBusiestWorker{}

// Name is the wrapped fault's name.
func (o OnBusiestWorker) Name() string { return o.Label }

// Scope is fault.ScopeCluster: one node is shared by every tenant.
func (OnBusiestWorker) Scope() fault.Scope { return fault.ScopeCluster }

// Inject picks the node and injects the wrapped fault on it. With several
// tenants (env.Workloads) the busiest worker is the one that hosts pods of
// the most tenants, then the most pods: the fault must reach every tenant
// it can.
func (o OnBusiestWorker) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	tenants, pods := map[string]int{}, map[string]int{}
	for _, w := range env.TargetWorkloads() {
		list, err := env.Client.CoreV1().Pods(w.Namespace).List(ctx, metav1.ListOptions{
			LabelSelector: labels.SelectorFromSet(w.Selector).String()})
		if err != nil {
			return fmt.Errorf("%s: listing target pods in %s: %w", o.Label, w.Namespace, err)
		}
		seen := map[string]bool{}
		for _, p := range list.Items {
			if p.DeletionTimestamp == nil && p.Spec.NodeName != "" {
				pods[p.Spec.NodeName]++
				seen[p.Spec.NodeName] = true
			}
		}
		for n := range seen {
			tenants[n]++
		}
	}
	var workers []string
	for _, n := range env.Nodes {
		if n.Role == kind.Worker {
			workers = append(workers, n.Name)
		}
	}
	sort.SliceStable(workers, func(i, j int) bool {
		a, b := workers[i], workers[j]
		if tenants[a] != tenants[b] {
			return tenants[a] > tenants[b]
		}
		return pods[a] > pods[b]
	})
	if len(workers) == 0 {
		return fmt.Errorf("%s: %w: no worker nodes", o.Label, fault.ErrNoVictim)
	}
	return o.Fault(workers[0]).Inject(ctx, env, undo)
}

// Burst adds load on top of the scenario's own (to drive an autoscaler) for
// as long as the fault holds; its revert stops it.
type Burst struct {
	Plan loadgen.Plan
}

var _ fault.Fault = Burst{}

// Name is "load-burst".
func (Burst) Name() string { return "load-burst" }

// Inject starts the burst and returns once its first window closed.
func (b Burst) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	bctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	if err := undo.Push("stop load burst", func(context.Context) error {
		cancel()
		<-done
		return nil
	}); err != nil {
		cancel()
		return err
	}
	started := make(chan struct{})
	var once bool
	go func() {
		_, err := loadgen.Run(bctx, b.Plan, loadgen.OnWindow(func(loadgen.Window) {
			if !once {
				once = true
				close(started)
			}
		}))
		done <- err
	}()
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: b.Name(), Message: fmt.Sprintf("load burst on %s", b.Plan.Targets[0].URL)})
	select {
	case <-started:
		return nil
	case err := <-done:
		done <- err
		return fmt.Errorf("load burst: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// String is how a plan prints the fault (its Fault field is a function).
func (o OnBusiestWorker) String() string {
	return "{" + o.Label + " on the worker hosting the most target pods}"
}
