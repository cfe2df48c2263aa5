package stress_test

import (
	"testing"

	"github.com/golive/resilience/harness/fault/stress"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
)

// TestClusterStress runs a CPU and memory stress pod pinned to a worker
// and checks that it ran there and is gone after the revert.
func TestClusterStress(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	before := clustertest.Before(t, env, ns)
	undo, err := clustertest.Inject(t, env, stress.Stress{Namespace: ns, Image: img, CPU: 1, Memory: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ev := rec.MustHave(t, timeline.KindEffect, "the stress pod running")
	if len(ev) > 0 && len(ev[0].Objects) != 2 {
		t.Errorf("effect names %v; want the pod and its node", ev[0].Objects)
	}
	if err := undo.Revert(); err != nil {
		t.Fatal(err)
	}
	clustertest.Restored(t, env, ns, before)
}
