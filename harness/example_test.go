package harness_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// A dry run prints the plan and touches no cluster.
func ExampleRun_dryRun() {
	s := harness.Scenario{
		Name:   "pod loss",
		Target: harness.Target{Namespace: "shop", Selector: map[string]string{"app": "web"}, Service: "web", Port: 30080},
		Load:   loadgen.Plan{Pacing: loadgen.Constant{Rate: loadgen.PerSecond(20)}},
		Phases: harness.Phases{Baseline: 10 * time.Second, Fault: 30 * time.Second, Recovery: 10 * time.Second},
		Schedule: harness.Schedule{Seed: 1, Steps: []harness.Step{
			harness.At(5*time.Second, pod.Delete{Force: true}),
			harness.At(15*time.Second, node.Cordon{Node: "golive-worker"}).For(10 * time.Second),
		}},
	}
	_, err := harness.Run(context.Background(), nil, s, harness.DryRun(os.Stdout))
	fmt.Println("error:", err)
	// Output:
	// scenario "pod loss" (seed 1)
	// target:  namespace shop, pods app=web, service "web"
	// load:    loadgen.Constant {20/1s} to http://127.0.0.1:30080/
	// steady:  ready pods all (≥1), none terminating, 3 load windows ≥99.00% success; wait ≤2m0s, after faults ≤3m0s
	// phases:  baseline 10s → fault 30s → recovery 10s
	// faults:
	//   #0  +5s   pod-force-delete  hold 25s  {Namespace: Selector:map[] Count:0 Force:true Timeout:0s Paced:false}
	//   #1  +15s  node-cordon       hold 10s  {Node:golive-worker Timeout:0s}
	// checks:
	//   none
	// error: <nil>
}

func ExampleSchedule_Plan() {
	s := harness.Schedule{Seed: 7, Steps: []harness.Step{
		harness.Every(20*time.Second, pod.Kill{}).For(5 * time.Second),
		harness.At(30*time.Second, node.Freeze{}).For(15 * time.Second),
	}}
	plan, err := s.Plan(time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range plan {
		fmt.Printf("#%d %s at +%s for %s\n", p.Index, p.Fault.Name(), p.At, p.Hold)
	}
	// Output:
	// #0 pod-kill at +0s for 5s
	// #1 pod-kill at +20s for 5s
	// #2 node-freeze at +30s for 15s
	// #3 pod-kill at +40s for 5s
}

// A test that injects faults by hand keeps a ledger and reverts it in
// t.Cleanup, so a failing assertion still reverts everything.
func ExampleLedger() {
	ledger := harness.NewLedger(nil, time.Minute)
	undo := ledger.Arm("example", 0) // pass undo to Fault.Inject
	_ = undo.Push("say goodbye", func(context.Context) error { fmt.Println("reverted"); return nil })
	// t.Cleanup(func() { _ = ledger.RevertAll() })
	fmt.Println("error:", ledger.RevertAll())
	// Output:
	// reverted
	// error: <nil>
}

func ExampleCheckFunc() {
	availability := harness.CheckFunc("SLOs", func(tl *timeline.Timeline) []harness.Verdict {
		span, _ := tl.Span(timeline.PhaseFault)
		s := tl.Summarize(span.Start, span.End)
		v := harness.Verdict{Status: harness.Pass, Reason: "no request failed during the faults",
			Evidence: harness.Evidence{From: span.Start, To: span.End, Counts: map[string]float64{"requests": float64(s.Requests)}}}
		if s.Successes < s.Judged {
			v.Status, v.Reason = harness.Fail, fmt.Sprintf("%d of %d requests failed", s.Judged-s.Successes, s.Judged)
		}
		return []harness.Verdict{v}
	})
	for _, v := range availability.Evaluate(timeline.New()) {
		fmt.Println(availability.Item(), v.Status, v.Reason)
	}
	// Output: SLOs PASS no request failed during the faults
}
