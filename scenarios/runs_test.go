package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// A run is one scenario with every variant the suite's rows need of it
// deployed side by side as tenants (harness.RunAll): each in its own
// namespace on its own NodePort with its own load, observers and
// verdicts, all under one fault schedule — a node fault struck once for
// all of them, a pod fault on the same seeded schedule in each. A run is
// made once however many checklist items read it, and runs go one at a
// time: each loads the cluster as a shared cluster's outage would.

// tenants lists, per scenario, the variants the rows registered, in order.
var (
	tenantsMu sync.Mutex
	tenants   = map[scenarios.Kind][]target.Variant{}
)

// register records rows' variants as tenants of their scenario's run and
// returns the rows; test files declare their rows with it.
func register(rows ...row) []row {
	tenantsMu.Lock()
	defer tenantsMu.Unlock()
	for _, r := range rows {
		if !slices.Contains(tenants[r.kind], r.variant) {
			tenants[r.kind] = append(tenants[r.kind], r.variant)
		}
	}
	return rows
}

type run struct {
	done    chan struct{}
	results []map[target.Variant]*harness.Result // one per repetition
	err     error
}

var (
	runsMu sync.Mutex
	runs   = map[scenarios.Kind]*run{}
	// phaseTime sums the phases of every run, for the suite's overhead.
	phaseTime time.Duration
)

// nodePorts are mapped to 127.0.0.1 by the suite's cluster, one per tenant
// of the largest run.
var nodePorts = []int{scenarios.NodePort, scenarios.NodePort + 1, scenarios.NodePort + 2,
	scenarios.NodePort + 3, scenarios.NodePort + 4, scenarios.NodePort + 5, scenarios.NodePort + 6, scenarios.NodePort + 7,
	scenarios.NodePort + 8}

// victimNode is the worker the node faults' runs prefer for every
// variant's pods, so that one stopped or drained node reaches them all
// (the busiest worker; see scenarios.OnBusiestWorker).
const victimNode = clusterName + "-worker"

// nodeFault says whether a scenario's fault strikes a node.
func nodeFault(k scenarios.Kind) bool {
	return k == scenarios.NodeDrain || k == scenarios.NetworkPartition || k == scenarios.NodeLoss
}

// results returns the repetitions of the run of k's result for v, making
// the run on first use. The test fails if the run could not be made.
func results(t *testing.T, k scenarios.Kind, v target.Variant) []*harness.Result {
	t.Helper()
	runsMu.Lock()
	r, ok := runs[k]
	if !ok {
		r = &run{done: make(chan struct{})}
		runs[k] = r
		go r.make(k)
	}
	runsMu.Unlock()
	<-r.done
	if r.err != nil {
		t.Fatalf("run %s: %v", k, r.err)
	}
	var out []*harness.Result
	for _, rep := range r.results {
		res, ok := rep[v]
		if !ok {
			t.Fatalf("run %s: no tenant %s", k, v)
		}
		out = append(out, res)
	}
	return out
}

func (r *run) make(k scenarios.Kind) {
	defer close(r.done)
	if !suiteReady {
		r.err = fmt.Errorf("suite setup failed")
		return
	}
	tenantsMu.Lock()
	vs := slices.Clone(tenants[k])
	tenantsMu.Unlock()
	if *variants != "" {
		only := strings.Split(*variants, ",")
		vs = slices.DeleteFunc(vs, func(v target.Variant) bool { return !slices.Contains(only, v.String()) })
	}
	groups := [][]target.Variant{vs}
	if *alone {
		groups = nil
		for _, v := range vs {
			groups = append(groups, []target.Variant{v})
		}
	}
	for rep := range repeat {
		all := map[target.Variant]*harness.Result{}
		for _, g := range groups {
			res, err := runTenants(string(k), k, g, rep, nil)
			if err != nil {
				r.err = err
				return
			}
			maps.Copy(all, res)
		}
		r.results = append(r.results, all)
	}
}

// runTenants deploys each variant in a namespace of its own on its own
// port, runs the scenario (changed by mutate, when given) with them as
// tenants and deletes the namespaces. turn names the run in turnOrder.
func runTenants(turn string, k scenarios.Kind, vs []target.Variant, rep int, mutate func(*harness.Scenario)) (map[target.Variant]*harness.Result, error) {
	if len(vs) > len(nodePorts) {
		return nil, fmt.Errorf("run %s: %d variants, %d node ports", k, len(vs), len(nodePorts))
	}
	defer cluster.take(turn)()
	ctx := suiteCtx
	start := time.Now()
	logf("run %s on %v (repetition %d)", k, vs, rep+1)
	nss := make([]string, len(vs))
	for i, v := range vs {
		nss[i] = fmt.Sprintf("golive-%s-%s-%d-%d", k, v.String(), rep, time.Now().Unix()%100000)
	}
	defer func() {
		for _, ns := range nss {
			if err := undeploy(context.WithoutCancel(ctx), ns); err != nil {
				logf("undeploy %s: %v", ns, err)
			}
		}
	}()
	var (
		wg   sync.WaitGroup
		errs = make([]error, len(vs))
	)
	opts := make([][]target.RenderOption, len(vs))
	for i, v := range vs {
		opts[i] = []target.RenderOption{target.WithNodePort(nodePorts[i])}
		if nodeFault(k) {
			opts[i] = append(opts[i], target.PreferNode(victimNode))
		}
		wg.Go(func() { errs[i] = scenarios.Deploy(ctx, suiteCluster, v, nss[i], imageRef, opts[i]...) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ss := make([]harness.Scenario, len(vs))
	for i := range vs {
		t := scenarios.Demo(nss[i])
		t.NodePort = nodePorts[i]
		s, err := scenarios.New(k, scenarios.Config{Target: t, Seed: int64(rep + 1), Scale: *scale, ProbeImage: probeRef})
		if err != nil {
			return nil, err
		}
		if mutate != nil {
			mutate(&s)
		}
		ss[i] = s
	}
	rs, err := harness.RunAll(ctx, suiteCluster, ss)
	if err != nil {
		return nil, err
	}
	out := map[target.Variant]*harness.Result{}
	for i, v := range vs {
		// Every verdict is static ∧ dynamic, as in a CLI run.
		m, err := target.Render(v, nss[i], imageRef, opts[i]...)
		if err != nil {
			return nil, err
		}
		scenarios.WithStatic(rs[i], scenarios.Static(m, nss[i], scenarios.Deployment))
		out[v] = rs[i]
		recordResult(v, ss[i].Name, rep, nss[i], nodePorts[i], rs[i])
		for _, span := range rs[i].Timeline.Phases() {
			if i == 0 {
				phaseTime += span.End.Sub(span.Start)
			}
		}
	}
	logf("run %s done in %s", k, time.Since(start).Round(time.Second))
	return out, nil
}

// undeploy deletes a run's Service, whose NodePort the next run takes, and
// its namespace without waiting for its pods to finish shutting down
// (waitUndeployed does, at the end of the suite); with GOLIVE_KEEP=1 it
// keeps the namespace.
func undeploy(ctx context.Context, ns string) error {
	cs, err := suiteCluster.Clientset()
	if err != nil {
		return err
	}
	if err := cs.CoreV1().Services(ns).Delete(ctx, scenarios.Deployment, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting service %s/%s: %w", ns, scenarios.Deployment, err)
	}
	if keep {
		return nil
	}
	if err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting namespace %s: %w", ns, err)
	}
	undeployedMu.Lock()
	undeployed = append(undeployed, ns)
	undeployedMu.Unlock()
	return nil
}

var (
	undeployedMu sync.Mutex
	undeployed   []string
)

// waitUndeployed waits until every namespace undeploy deleted is gone.
func waitUndeployed(ctx context.Context) {
	undeployedMu.Lock()
	defer undeployedMu.Unlock()
	for _, ns := range undeployed {
		if err := scenarios.Undeploy(ctx, suiteCluster, ns); err != nil {
			logf("undeploy %s: %v", ns, err)
		}
	}
	undeployed = nil
}
