package scenarios_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/features"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// expect is one row of the suite's matrix: a scenario on a variant of the
// target and what one checklist item must come out as, with a phrase the
// reason must contain.
type expect struct {
	kind    scenarios.Kind
	variant target.Variant
	item    string
	status  harness.Status
	reason  string
}

// matrix: the good target passes every item of each scenario; each twin
// fails the item it breaks, for the stated reason.
var matrix = []expect{
	{scenarios.PodTermination, target.Good, "", harness.Pass, ""},
	{scenarios.PodTermination, "exit-on-sigterm", checks.ItemGracefulShutdown, harness.Fail, "failed while pods were shutting down"},
	{scenarios.PodTermination, "ready-during-shutdown", checks.ItemGracefulShutdown, harness.Fail, "failed while pods were shutting down"},
	{scenarios.PodTermination, "short-grace", checks.ItemGracefulShutdown, harness.Fail, "SIGKILL"},
	{scenarios.PodTermination, "liveness-under-load", checks.ItemProbes, harness.Fail, "restart"},
	{scenarios.RollingUpdate, target.Good, "", harness.Pass, ""},
	{scenarios.RollingUpdate, "recreate", checks.ItemRollout, harness.Fail, "failed during the change"},
	{scenarios.NodeDrain, target.Good, "", harness.Pass, ""},
	{scenarios.NodeDrain, "no-pdb", checks.ItemPDB, harness.Fail, "below the 2 required"},
	{scenarios.NodeDrain, "pdb-allows-all", checks.ItemPDB, harness.Fail, "below the 2 required"},
	{scenarios.NodeLoss, target.Good, "", harness.Pass, ""},
	{scenarios.NodeLoss, "one-node", checks.ItemSpread, harness.Fail, "went dark"},
	{scenarios.NodeLoss, "single-replica", checks.ItemReplicas, harness.Fail, "went dark"},
	{scenarios.Autoscaling, target.Good, "", harness.Pass, ""},
	{scenarios.Autoscaling, "no-cpu-requests", checks.ItemHPA, harness.Fail, "could not scale"},
	{scenarios.Autoscaling, "low-memory", checks.ItemResources, harness.Fail, "OOMKilled"},
}

func TestGoLive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scenarios on a kind cluster; skipped under -short")
	}
	var fs []features.Feature
	for i, e := range matrix {
		name := fmt.Sprintf("%s/%s", e.kind, e.variant)
		fs = append(fs, features.New(name).Assess("verdicts", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			if !suiteReady {
				t.Fatal("suite setup failed")
			}
			c, err := kind.ClusterFrom(ctx, clusterName)
			if err != nil {
				t.Fatal(err)
			}
			res := runCase(ctx, t, c, e, int64(i+1))
			judge(t, e, res)
			return ctx
		}).Feature())
	}
	testenv.Test(t, fs...)
}

func runCase(ctx context.Context, t *testing.T, c *kind.Cluster, e expect, seed int64) *harness.Result {
	t.Helper()
	ns := fmt.Sprintf("golive-%s-%s-%d", e.kind, e.variant.String(), time.Now().Unix()%100000)
	t.Cleanup(func() {
		if !keep {
			if err := scenarios.Undeploy(context.Background(), c, ns); err != nil {
				t.Errorf("undeploy: %v", err)
			}
		}
	})
	if err := scenarios.Deploy(ctx, c, e.variant, ns, imageRef); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.New(e.kind, scenarios.Config{Target: scenarios.Demo(ns), Seed: seed, Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	res, err := harness.Run(ctx, c, s)
	if err != nil {
		t.Fatalf("run %s on %s: %v", e.kind, e.variant, err)
	}
	recordResult(t, e, ns, res)
	return res
}

func judge(t *testing.T, e expect, res *harness.Result) {
	t.Helper()
	for _, v := range res.Verdicts {
		t.Logf("%-28s %-5s %s", v.Item, v.Status, v.Reason)
	}
	if e.variant == target.Good {
		for _, v := range res.Verdicts {
			if v.Status != harness.Pass {
				t.Errorf("good target: %s is %s, want PASS: %s", v.Item, v.Status, v.Reason)
			}
		}
		return
	}
	for _, v := range res.Verdicts {
		if v.Item != e.item {
			continue
		}
		if v.Status != e.status || !strings.Contains(v.Reason, e.reason) {
			t.Errorf("twin %s: %s is %s (%q), want %s for %q", e.variant, v.Item, v.Status, v.Reason, e.status, e.reason)
		}
		return
	}
	t.Errorf("twin %s: no verdict for %s", e.variant, e.item)
}
