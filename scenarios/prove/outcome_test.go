package prove

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// fakeResult is a run of the static checklist and pod-termination whose
// graceful-shutdown verdict has status st.
func fakeResult(st reports.Status, reason string) *reports.Result {
	start := time.Date(2026, 3, 14, 2, 0, 0, 0, time.UTC)
	return &reports.Result{Name: "hello", Started: start, Finished: start.Add(time.Minute),
		Cluster: reports.Cluster{Name: "golive-example"},
		Scenarios: []reports.Scenario{
			{Name: scenarios.StaticName, Started: start, Finished: start, Verdicts: []reports.Verdict{
				{Item: checks.ItemGracefulShutdown, Status: reports.StatusPass, Reason: "every container has a preStop hook"},
				{Item: checks.ItemHPA, Status: reports.StatusFail, Reason: "no HorizontalPodAutoscaler targets Deployment hello"},
			}},
			{Name: string(scenarios.PodTermination), Started: start, Finished: start.Add(time.Minute), Verdicts: []reports.Verdict{
				{Item: checks.ItemGracefulShutdown, Status: st, Reason: reason,
					Evidence: []reports.Evidence{{Name: "failed requests", Value: "3 of 1200"}, {Name: "pods deleted", Objects: pods(5)},
						{Name: "sigkilled containers", Value: "1", Objects: pods(1)}, {Name: "baseline"}}},
				{Item: checks.ItemSLO, Status: reports.StatusPass, Reason: "availability 100 %"},
			}},
		}}
}

// pods are n pods of namespace hello.
func pods(n int) []reports.ObjectRef {
	var out []reports.ObjectRef
	for i := range n {
		out = append(out, reports.ObjectRef{Kind: "Pod", Namespace: "hello", Name: fmt.Sprintf("p%d", i)})
	}
	return out
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	aborted := fakeResult(reports.StatusPass, "ok")
	aborted.Scenarios[1].Aborted, aborted.Scenarios[1].Reason = true, "reverting pod-delete: timed out"
	interrupted := fakeResult(reports.StatusPass, "ok")
	interrupted.Scenarios[1].Interrupted, interrupted.Scenarios[1].Reason = true, "interrupted: faults reverted"
	asked := []string{checks.ItemGracefulShutdown, checks.ItemSLO}
	static := []Outcome{
		{Scenario: scenarios.StaticName, Item: checks.ItemGracefulShutdown, Status: reports.StatusPass, Message: "every container has a preStop hook", Asked: true},
		{Scenario: scenarios.StaticName, Item: checks.ItemHPA, Status: reports.StatusFail, Message: "no HorizontalPodAutoscaler targets Deployment hello"},
	}
	pt := func(st reports.Status, reason string) []Outcome {
		return []Outcome{
			{Scenario: "pod-termination", Item: checks.ItemGracefulShutdown, Status: st, Message: reason + "\n  failed requests: 3 of 1200" +
				"\n  pods deleted: [Pod/hello/p0, Pod/hello/p1, Pod/hello/p2 and 2 more]\n  sigkilled containers: 1 [Pod/hello/p0]\n  baseline", Asked: true},
			{Scenario: "pod-termination", Item: checks.ItemSLO, Status: reports.StatusPass, Message: "availability 100 %", Asked: true},
		}
	}
	for _, tc := range []struct {
		name  string
		res   *reports.Result
		items []string
		want  []Outcome
	}{
		{name: "fail", res: fakeResult(reports.StatusFail, "3 requests failed"), items: asked,
			want: append(static, pt(reports.StatusFail, "3 requests failed")...)},
		{name: "every item asked", res: fakeResult(reports.StatusPass, "ok"),
			want: append([]Outcome{static[0], {Scenario: scenarios.StaticName, Item: checks.ItemHPA, Status: reports.StatusFail,
				Message: "no HorizontalPodAutoscaler targets Deployment hello", Asked: true}}, pt(reports.StatusPass, "ok")...)},
		{name: "aborted", res: aborted, items: asked, want: append(append(static, pt(reports.StatusPass, "ok")...),
			Outcome{Scenario: "pod-termination", Item: RunItem, Status: reports.StatusError, Message: "scenario aborted: reverting pod-delete: timed out", Asked: true})},
		{name: "interrupted", res: interrupted, items: asked, want: append(append(static, pt(reports.StatusPass, "ok")...),
			Outcome{Scenario: "pod-termination", Item: RunItem, Status: reports.StatusError, Message: "scenario interrupted: interrupted: faults reverted", Asked: true})},
		{name: "nothing ran", res: &reports.Result{}, items: asked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Outcomes(tc.res, tc.items)); diff != "" {
				t.Errorf("Outcomes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKeepCluster(t *testing.T) {
	// Not parallel: it sets KeepEnv.
	for _, tc := range []struct {
		name string
		env  string
		opts []Option
		want bool
	}{
		{name: "default", want: false},
		{name: "Keep", opts: []Option{Keep(true)}, want: true},
		{name: "env", env: "1", want: true},
		{name: "env not 1", env: "yes", want: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(KeepEnv, tc.env)
			if got := newConfig(tc.opts).keepCluster(); got != tc.want {
				t.Errorf("keepCluster() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOutDir(t *testing.T) {
	t.Parallel()
	if got, want := newConfig(nil).outDir("examples/prove/golive.yaml"), "examples/prove/_out/golive"; got != want {
		t.Errorf("default out = %q, want %q", got, want)
	}
	if got := newConfig([]Option{Out("/tmp/r")}).outDir("golive.yaml"); got != "/tmp/r" {
		t.Errorf("Out(/tmp/r) = %q", got)
	}
}
