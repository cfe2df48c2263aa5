package prove_test

import (
	"fmt"
	"log/slog"
	"os"
	"testing"

	"sigs.k8s.io/e2e-framework/pkg/env"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/prove"
)

// A go test of one's own: TestMain makes or reuses the spec's cluster and
// deletes it after when it made it; TestGoLive proves three items with
// the pod-termination scenario. It needs Docker and a kind node image,
// so it is compiled here, not run (examples/prove runs it).
func Example() {
	var testenv env.Environment

	TestMain := func(m *testing.M) {
		log := slog.New(slog.NewTextHandler(os.Stderr, nil))
		testenv = env.New()
		testenv.Setup(prove.Setup("golive.yaml", prove.Logger(log)))
		testenv.Finish(prove.Finish("golive.yaml", prove.Logger(log)))
		os.Exit(testenv.Run(m))
	}
	TestGoLive := func(t *testing.T) {
		items := []string{checks.ItemGracefulShutdown, checks.ItemProbes, checks.ItemSLO}
		testenv.Test(t, prove.Feature("golive.yaml", items, prove.Scenarios(scenarios.PodTermination)))
	}
	_, _ = TestMain, TestGoLive
}

// Without e2e-framework, Prove makes or reuses the cluster itself and
// deletes one it made when the test ends.
func ExampleProve() {
	TestGoLive := func(t *testing.T) {
		res := prove.Prove(t.Context(), t, "golive.yaml", []string{checks.ItemGracefulShutdown},
			prove.Scale(0.5), prove.Out(t.TempDir()))
		t.Logf("overall: %s", res.Overall())
	}
	_ = TestGoLive
}

func ExampleOutcomes() {
	res := &reports.Result{Scenarios: []reports.Scenario{
		{Name: "static checklist", Verdicts: []reports.Verdict{
			{Item: checks.ItemHPA, Status: reports.StatusFail, Reason: "no HorizontalPodAutoscaler targets Deployment hello"}}},
		{Name: "pod-termination", Verdicts: []reports.Verdict{
			{Item: checks.ItemGracefulShutdown, Status: reports.StatusFail, Reason: "3 of 1200 requests failed while pods were shutting down",
				Evidence: []reports.Evidence{{Name: "failed requests", Value: "3 of 1200"}}}}},
	}}
	for _, o := range prove.Outcomes(res, []string{checks.ItemGracefulShutdown}) {
		fmt.Printf("%s / %s: %s (asked: %v)\n%s\n", o.Scenario, o.Item, o.Status, o.Asked, o.Message)
	}
	// Output:
	// static checklist / HPA: FAIL (asked: false)
	// no HorizontalPodAutoscaler targets Deployment hello
	// pod-termination / graceful shutdown: FAIL (asked: true)
	// 3 of 1200 requests failed while pods were shutting down
	//   failed requests: 3 of 1200
}
