package scenarios_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// A run is one scenario on one variant of the target, made once however
// many checklist items read it. Runs whose faults stay inside their
// namespace and load the cluster lightly (pod termination, network policy)
// go side by side (up to -golive.parallel, each on its own NodePort); node
// faults, rollouts and the autoscaling burst go alone.

type runKey struct {
	kind    scenarios.Kind
	variant target.Variant
}

type run struct {
	done    chan struct{}
	results []*harness.Result // one per repetition
	err     error
}

var (
	runsMu sync.Mutex
	runs   = map[runKey]*run{}
	// exclusive is held shared by namespaced runs and alone by the others.
	exclusive sync.RWMutex
	ports     chan int
)

// nodePorts are mapped to 127.0.0.1 by the suite's cluster, one per run
// that may go side by side.
var nodePorts = []int{scenarios.NodePort, scenarios.NodePort + 1, scenarios.NodePort + 2}

// alone says whether a kind's faults reach past its namespace (nodes) or
// load the whole cluster (the autoscaling burst; a rollout's new pods
// starting, which pushed a neighbour's p99 past its SLO on 2 cores).
func alone(k scenarios.Kind) bool {
	return k != scenarios.PodTermination && k != scenarios.NetworkPolicy
}

// results returns the repetitions of the run of k on v, making it on first
// use. The test fails if the run could not be made.
func results(t *testing.T, k scenarios.Kind, v target.Variant) []*harness.Result {
	t.Helper()
	key := runKey{k, v}
	runsMu.Lock()
	r, ok := runs[key]
	if !ok {
		r = &run{done: make(chan struct{})}
		runs[key] = r
		go r.make(key)
	}
	runsMu.Unlock()
	<-r.done
	if r.err != nil {
		t.Fatalf("run %s on %s: %v", k, v, r.err)
	}
	return r.results
}

func (r *run) make(key runKey) {
	defer close(r.done)
	if !suiteReady {
		r.err = fmt.Errorf("suite setup failed")
		return
	}
	for rep := range repeat {
		res, err := runOnce(key, rep, alone(key.kind), nil)
		if err != nil {
			r.err = err
			return
		}
		r.results = append(r.results, res)
	}
}

// runOnce deploys the variant in a namespace of its own, runs the
// scenario (changed by mutate, when given) and deletes the namespace.
func runOnce(key runKey, rep int, alone bool, mutate func(*harness.Scenario)) (*harness.Result, error) {
	if alone {
		exclusive.Lock()
		defer exclusive.Unlock()
	} else {
		exclusive.RLock()
		defer exclusive.RUnlock()
	}
	port := <-ports
	defer func() { ports <- port }()
	ctx := suiteCtx
	ns := fmt.Sprintf("golive-%s-%s-%d-%d", key.kind, key.variant.String(), rep, time.Now().Unix()%100000)
	start := time.Now()
	logf("run %s on %s (repetition %d, namespace %s, port %d)", key.kind, key.variant, rep+1, ns, port)
	defer func() {
		if err := undeploy(context.WithoutCancel(ctx), ns); err != nil {
			logf("undeploy %s: %v", ns, err)
		}
	}()
	if err := scenarios.Deploy(ctx, suiteCluster, key.variant, ns, imageRef, target.WithNodePort(port)); err != nil {
		return nil, err
	}
	t := scenarios.Demo(ns)
	t.NodePort = port
	s, err := scenarios.New(key.kind, scenarios.Config{Target: t, Seed: int64(rep + 1), Scale: *scale, ProbeImage: probeRef})
	if err != nil {
		return nil, err
	}
	if mutate != nil {
		mutate(&s)
	}
	res, err := harness.Run(ctx, suiteCluster, s)
	if err != nil {
		return nil, err
	}
	recordResult(key, s.Name, rep, ns, port, res)
	logf("run %s on %s done in %s", key.kind, key.variant, time.Since(start).Round(time.Second))
	return res, nil
}

// undeploy deletes a run's namespace; with GOLIVE_KEEP=1 it keeps it and
// deletes only the Service, whose NodePort the next run takes.
func undeploy(ctx context.Context, ns string) error {
	if !keep {
		return scenarios.Undeploy(ctx, suiteCluster, ns)
	}
	cs, err := suiteCluster.Clientset()
	if err != nil {
		return err
	}
	return cs.CoreV1().Services(ns).Delete(ctx, scenarios.Deployment, metav1.DeleteOptions{})
}
