package scenarios

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/reports"
)

// The report's replica charts follow the Deployment the target names.
func TestReportScenarioSeriesOfTheDeployment(t *testing.T) {
	tl := timeline.New()
	tl.Sample("deployment/api/desired", 3)
	tl.Sample("deployment/target/desired", 9)
	r := &harness.Result{Timeline: tl, Start: time.Now(), End: time.Now()}
	s := ReportScenario("x", "", reports.Target{Workload: "Deployment/api"}, r)
	for _, se := range s.Series {
		if se.Name == reports.SeriesDesiredReplicas {
			if len(se.Points) != 1 || se.Points[0].Value != 3 {
				t.Errorf("desired replicas %+v, want the api Deployment's 3", se.Points)
			}
			return
		}
	}
	t.Errorf("no %s series in %+v", reports.SeriesDesiredReplicas, s.Series)
}

// Overlapping injections keep their own targets, and one cut short by the
// end of the fault phase says so instead of "failed".
func TestReportFaultsOverlapping(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	tl := timeline.New()
	for i, name := range []string{"target-a", "target-b"} {
		tl.Record(timeline.Event{Time: t0.Add(time.Duration(i) * 6 * time.Second), Kind: timeline.KindInject, Source: "pod-delete",
			Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: name}}, Attrs: map[string]string{harness.AttrInjection: strconv.Itoa(i)}})
	}
	r := &harness.Result{Timeline: tl, Start: t0, End: t0.Add(time.Minute), Injections: []harness.Injection{
		{Index: 0, Fault: "pod-delete", Started: t0, Injected: t0.Add(8 * time.Second), Reverted: t0.Add(30 * time.Second)},
		{Index: 1, Fault: "pod-delete", Started: t0.Add(6 * time.Second), Reverted: t0.Add(30 * time.Second), Cut: true,
			Error: "pod-delete: fault effect not observed: 1 pods still there"},
	}}
	s := ReportScenario("x", "", reports.Target{Workload: "Deployment/target"}, r)
	if len(s.Faults) != 2 {
		t.Fatalf("%d faults, want 2", len(s.Faults))
	}
	for i, want := range []struct{ target, outcome string }{{"target-a", reports.OutcomeReverted}, {"target-b", reports.OutcomeCut}} {
		f := s.Faults[i]
		if len(f.Targets) != 1 || f.Targets[0].Name != want.target || f.Outcome != want.outcome {
			t.Errorf("fault %d: targets %+v, outcome %s; want only %s, %s", i, f.Targets, f.Outcome, want.target, want.outcome)
		}
	}
	if m := s.Faults[1].Message; !strings.Contains(m, "the fault phase ended before its effect was seen") {
		t.Errorf("cut fault's message %q", m)
	}
	// The band starts at the injection; the effect is its own moment.
	if f := s.Faults[0]; !f.Injected.Equal(t0) || !f.Effect.Equal(t0.Add(8*time.Second)) {
		t.Errorf("fault 0: injected %s, effect %s; want the injection at %s and the effect 8s later", f.Injected, f.Effect, t0)
	}
	if f := s.Faults[1]; !f.Effect.IsZero() {
		t.Errorf("cut fault: effect %s, want none", f.Effect)
	}
}

// Two checks judging one item make one verdict: the worse status, its
// reason first.
func TestReportVerdictsOfOneItem(t *testing.T) {
	t.Parallel()
	got := verdicts([]harness.Verdict{
		{Item: "probes", Status: harness.Pass, Reason: "no container restarted."},
		{Item: "probes", Status: harness.Fail, Reason: "every pod went unready."},
		{Item: "probes", Status: harness.Pass, Reason: "static ok."},
	})
	if len(got) != 1 || got[0].Status != reports.StatusFail || got[0].Reason != "every pod went unready. no container restarted. static ok." {
		t.Errorf("verdicts %+v", got)
	}
}
