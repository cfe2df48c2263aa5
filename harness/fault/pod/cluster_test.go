package pod_test

import (
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
)

// TestClusterPodFaults injects every pod fault into a three-replica target
// on the real cluster, checks that its effect was observed, reverts, and
// checks that the cluster is back as it was.
func TestClusterPodFaults(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 3, 0)
	env.Namespace, env.Selector = ns, clustertest.Sel()
	for _, f := range []fault.Fault{pod.Delete{}, pod.Delete{Force: true}, pod.Kill{}, pod.Evict{}} {
		t.Run(f.Name(), func(t *testing.T) {
			before := clustertest.Before(t, env, ns)
			seen := len(rec.Of(timeline.KindEffect))
			undo, err := clustertest.Inject(t, env, f)
			if err != nil {
				t.Fatal(err)
			}
			effects := rec.Of(timeline.KindEffect)[seen:]
			if len(effects) == 0 {
				t.Fatalf("%s: no effect observed", f.Name())
			}
			if _, ok := f.(pod.Kill); ok && effects[0].Attrs["exitCode"] != "137" {
				t.Errorf("killed container exit code %q, want 137 (SIGKILL)", effects[0].Attrs["exitCode"])
			}
			if err := undo.Revert(); err != nil {
				t.Fatal(err)
			}
			clustertest.Restored(t, env, ns, before)
		})
	}
}

// TestClusterEvictionRefusedByPDB checks that an eviction a budget forbids
// is recorded as a refusal, not an error, and leaves the pods alone.
func TestClusterEvictionRefusedByPDB(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 2, 0)
	clustertest.PDB(t, env, ns, 2)
	env.Namespace, env.Selector = ns, clustertest.Sel()
	before := clustertest.Before(t, env, ns)
	if _, err := clustertest.Inject(t, env, pod.Evict{}); err != nil {
		t.Fatalf("a refused eviction is not an error: %v", err)
	}
	rec.MustHave(t, timeline.KindRefusal, "the PDB's refusal")
	if n := len(rec.Of(timeline.KindEffect)); n != 0 {
		t.Errorf("%d pods evicted despite the budget", n)
	}
	clustertest.Restored(t, env, ns, before)
}
