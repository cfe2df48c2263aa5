package node_test

import (
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
)

// TestClusterNodeFaults injects every node fault into a worker of the real
// cluster (with a target spread over the workers and a PDB), checks that
// the effect was observed (unschedulable, pods evicted, node NotReady),
// reverts, and checks that every node is Ready and schedulable again, the
// target ready and nothing of ours left.
func TestClusterNodeFaults(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 3, 0)
	clustertest.PDB(t, env, ns, 2)
	env.Namespace, env.Selector = ns, clustertest.Sel()
	faults := []fault.Fault{node.Cordon{}, node.Drain{}, node.Freeze{}, node.Stop{}, node.Kill{}, node.Disconnect{}}
	for _, f := range faults {
		t.Run(f.Name(), func(t *testing.T) {
			before := clustertest.Before(t, env, ns)
			seen := len(rec.Of(timeline.KindEffect))
			undo, err := clustertest.Inject(t, env, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Of(timeline.KindEffect)) == seen {
				t.Fatalf("%s: no effect observed", f.Name())
			}
			if err := undo.Revert(); err != nil {
				t.Fatal(err)
			}
			clustertest.Restored(t, env, ns, before)
		})
	}
}
