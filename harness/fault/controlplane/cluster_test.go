package controlplane_test

import (
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/harness/timeline"
)

// TestClusterFreezeAPIServer freezes kube-apiserver for a few seconds:
// the API must stop answering, then answer again after the revert, with
// the cluster as it was.
func TestClusterFreezeAPIServer(t *testing.T) {
	_, env, rec := clustertest.Env(t)
	img := clustertest.Image(t, env)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, img, 2, 0)
	before := clustertest.Before(t, env, ns)
	undo, err := clustertest.Inject(t, env, controlplane.Freeze{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	rec.MustHave(t, timeline.KindEffect, "the API not answering")
	if err := undo.Revert(); err != nil {
		t.Fatal(err)
	}
	clustertest.Restored(t, env, ns, before)
}
