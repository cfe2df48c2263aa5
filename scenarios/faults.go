package scenarios

import (
	"context"
	"fmt"
	"sort"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"

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

// Rollout rolls the target Deployment out to a new revision (a changed pod
// template annotation) and waits for it to complete; its revert rolls back
// to the original template the same way.
type Rollout struct {
	Deployment string
	Timeout    time.Duration
}

var _ fault.Fault = Rollout{}

// Name is "rollout".
func (Rollout) Name() string { return "rollout" }

const revisionAnnotation = "golive.io/rollout"

// Inject rolls out and waits until every replica is updated and available.
func (r Rollout) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	ns, name := env.Namespace, r.Deployment
	patch := func(ctx context.Context, value string) error {
		body := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{%q:%q}}}}}`, revisionAnnotation, value)
		if value == "" {
			body = fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{%q:null}}}}}`, revisionAnnotation)
		}
		if _, err := env.Client.AppsV1().Deployments(ns).Patch(ctx, name, types.StrategicMergePatchType, []byte(body), metav1.PatchOptions{}); err != nil {
			return fmt.Errorf("patching deployment %s/%s: %w", ns, name, err)
		}
		wctx, cancel := context.WithTimeout(ctx, r.timeout())
		defer cancel()
		return kind.WaitDeploymentAvailable(wctx, env.Client, ns, name)
	}
	ref := timeline.Ref{Kind: "deployment", Namespace: ns, Name: name}
	if err := undo.Push("roll back deployment "+ns+"/"+name, func(ctx context.Context) error {
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "rolling back"})
		return patch(ctx, "")
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "rolling out a new revision"})
	if err := patch(ctx, env.RunID); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: r.Name(), Objects: []timeline.Ref{ref}, Message: "rollout complete"})
	return nil
}

func (r Rollout) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return 2 * time.Minute
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
