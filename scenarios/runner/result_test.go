package runner

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

func TestScenarioRecordKeepsTheItems(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, []string{checks.ItemGracefulShutdown}, "t1")
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.New()
	r := &harness.Result{Scenario: "pod-termination", Seed: 3, Start: tl.Start(), End: tl.Start().Add(time.Minute), Timeline: tl,
		Verdicts: []harness.Verdict{
			{Item: checks.ItemGracefulShutdown, Status: harness.Pass, Reason: "no request failed"},
			{Item: checks.ItemSLO, Status: harness.Fail, Reason: "p99 too high"},
		}}
	got := scenarioRecord(p, 0, r, nil)
	want := []reports.Verdict{{Item: checks.ItemGracefulShutdown, Status: reports.StatusPass, Reason: "no request failed"}}
	if diff := cmp.Diff(want, got.Verdicts); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	if got.Aborted || got.Overall() != reports.StatusPass {
		t.Errorf("scenario aborted %v, overall %s", got.Aborted, got.Overall())
	}
	if got.Target.Workload != "Deployment/web" || got.Target.Image != "example.local/web:t1" || got.Target.URL != "http://127.0.0.1:30090/" {
		t.Errorf("target %+v", got.Target)
	}

	notSteady := scenarioRecord(p, 0, &harness.Result{Timeline: tl}, harness.ErrNotSteady)
	if !notSteady.Aborted || notSteady.Overall() != reports.StatusError {
		t.Errorf("a run that never got steady: aborted %v, overall %s", notSteady.Aborted, notSteady.Overall())
	}
}

func TestInterruptedScenario(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	s := reports.Scenario{Name: "x", Aborted: true, Reason: "context canceled"}
	if got := interrupted(ctx, s); got.Interrupted {
		t.Error("marked interrupted while the run goes on")
	}
	cancel()
	got := interrupted(ctx, s)
	if !got.Interrupted || got.Aborted || got.Overall() != reports.StatusError {
		t.Errorf("after cancel: %+v", got)
	}
	if err := stopped(ctx, errors.New("loading images: signal")); !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Errorf("stopped = %v", err)
	}
}

func TestFailedScenario(t *testing.T) {
	t.Parallel()
	p, err := NewPlan(loadSpec(t), []scenarios.Kind{scenarios.NodeDrain}, nil, "t1")
	if err != nil {
		t.Fatal(err)
	}
	s := failedScenario(p, 0, time.Now(), errors.New("waiting for deployment web-test/web available: timeout"))
	r := &reports.Result{Scenarios: []reports.Scenario{s}}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.Overall() != reports.StatusError || s.Description != "Scenario node-drain on Deployment web-test/web: proves PDB, SLOs / KPIs." {
		t.Errorf("overall %s, description %q", r.Overall(), s.Description)
	}
}

// The static record keeps the plan's items too: a static FAIL of an item
// not asked for does not decide the run; without items it is all there.
func TestStaticRecordKeepsTheItems(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	vs := []harness.Verdict{
		{Item: checks.ItemGracefulShutdown, Status: harness.Pass, Reason: "a preStop hook"},
		{Item: checks.ItemHPA, Status: harness.Fail, Reason: "no HorizontalPodAutoscaler"},
	}
	p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, []string{checks.ItemGracefulShutdown}, "t1")
	if err != nil {
		t.Fatal(err)
	}
	st, ok := staticRecord(p, vs, 1)
	if !ok || len(st.Verdicts) != 1 || st.Verdicts[0].Item != checks.ItemGracefulShutdown || st.Overall() != reports.StatusPass {
		t.Errorf("with items: %v %+v", ok, st.Verdicts)
	}
	all, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, nil, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := staticRecord(all, vs, 1); !ok || len(st.Verdicts) != 2 || st.Overall() != reports.StatusFail {
		t.Errorf("without items: %v %+v", ok, st.Verdicts)
	}
	p.Items = []string{checks.ItemFailover}
	if _, ok := staticRecord(p, vs, 1); ok {
		t.Error("a record with none of the items asked for is kept")
	}
}
