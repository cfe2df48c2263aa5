package runner

import (
	"context"
	"github.com/golive/resilience/scenarios"
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/reports"
)

// recorder keeps every progress snapshot.
type recorder struct {
	mu   sync.Mutex
	seen []Progress
	ch   chan Progress
}

func (r *recorder) notify(p Progress) {
	r.mu.Lock()
	r.seen = append(r.seen, p)
	r.mu.Unlock()
	if r.ch != nil {
		r.ch <- p
	}
}

func (r *recorder) last() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[len(r.seen)-1]
}

func window(start time.Time, requests, failed uint64) loadgen.Window {
	w := loadgen.Window{Start: start, End: start.Add(time.Second), Requests: requests}
	if failed > 0 {
		w.Errors = map[loadgen.Class]uint64{loadgen.ClassRefused: failed}
	}
	return w
}

// noFault injects nothing.
type noFault struct{}

func (noFault) Name() string                                          { return "no-op" }
func (noFault) Inject(context.Context, *fault.Env, *fault.Undo) error { return nil }

func TestTrackerPhases(t *testing.T) {
	t.Parallel()
	var rec recorder
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tr := newTracker(rec.notify, "pod-termination", 1, 2)
	tr.now = func() time.Time { return now }
	s := harness.Scenario{Phases: harness.Phases{Baseline: 10 * time.Second, Fault: 30 * time.Second, Recovery: 10 * time.Second},
		Steady:   harness.Steady{Windows: 2, MinSuccess: 0.9},
		Schedule: harness.Schedule{Steps: []harness.Step{harness.At(5*time.Second, noFault{})}}}
	wrapped, _ := tr.wrap(s, harness.Loadgen())
	if got := rec.last().Phase; got != PhaseDeploy {
		t.Fatalf("phase %s, want deploy", got)
	}
	emit := func(loadgen.Window) {}
	load := tr.load(func(ctx context.Context, _ loadgen.Plan, emit2 func(loadgen.Window)) error {
		if got := rec.last().Phase; got != PhaseSteady {
			t.Errorf("phase %s once the load runs, want steady", got)
		}
		for _, step := range []struct {
			requests, failed uint64
			want             Phase
		}{{10, 5, PhaseSteady}, {10, 0, PhaseSteady}, {10, 0, PhaseBaseline}} {
			now = now.Add(time.Second)
			emit2(window(now, step.requests, step.failed))
			if got := rec.last().Phase; got != step.want {
				t.Errorf("after a window of %d/%d failed: phase %s, want %s", step.failed, step.requests, got, step.want)
			}
		}
		if got, want := rec.last().Ends, now.Add(50*time.Second); !got.Equal(want) {
			t.Errorf("baseline ends %s, want %s", got, want)
		}
		now = now.Add(15 * time.Second)
		undo := fault.NewUndo("no-op", time.Second, nil)
		if err := wrapped.Schedule.Steps[0].Fault.Inject(ctx, &fault.Env{}, undo); err != nil {
			t.Fatal(err)
		}
		p := rec.last()
		if p.Phase != PhaseFault || len(p.Faults) != 1 || p.Faults[0] != "no-op" {
			t.Errorf("after the injection: %+v", p)
		}
		if want := now.Add(-5 * time.Second).Add(40 * time.Second); !p.Ends.Equal(want) {
			t.Errorf("fault phase: ends %s, want %s (the phase began 5 s before the first injection)", p.Ends, want)
		}
		rec.mu.Lock()
		rec.ch = make(chan Progress, 10)
		rec.mu.Unlock()
		if err := undo.Revert(); err != nil {
			t.Fatal(err)
		}
		for p := range rec.ch {
			if len(p.Faults) == 0 {
				break
			}
		}
		rec.mu.Lock()
		rec.ch = nil
		rec.mu.Unlock()
		now = now.Add(30 * time.Second)
		emit2(window(now, 40, 0))
		// The gate's 30 requests and 5 failures are not counted past it.
		if p := rec.last(); p.Phase != PhaseRecovery || p.RPS != 40 || p.Requests != 40 || p.Failures != 0 {
			t.Errorf("after the fault phase: %+v", p)
		}
		return nil
	})
	if err := load(context.Background(), loadgen.Plan{}, emit); err != nil {
		t.Fatal(err)
	}
	if got := rec.last().Phase; got != PhaseJudge {
		t.Errorf("phase %s after the load, want judge", got)
	}
	tr.done(reports.StatusPass, "")
	if p := rec.last(); p.Phase != PhaseDone || p.Status != reports.StatusPass {
		t.Errorf("done: %+v", p)
	}
	if _, ok := rec.last().Remaining(now); ok {
		t.Error("a finished scenario has a remaining time")
	}
	n := len(rec.seen)
	tr.reverted("no-op")
	tr.phase(PhaseUndeploy)
	if len(rec.seen) != n {
		t.Errorf("%d snapshots after done", len(rec.seen)-n)
	}
}

func TestTrackedFaultKeepsTheName(t *testing.T) {
	t.Parallel()
	tr := newTracker(nil, "x", 1, 1)
	s, _ := tr.wrap(harness.Scenario{Schedule: harness.Schedule{Steps: []harness.Step{harness.Every(time.Second, noFault{}),
		harness.At(0, scenarios.OnBusiestWorker{Label: "stop-busiest-worker"})}}}, harness.Loadgen())
	if got := s.Schedule.Steps[0].Fault.Name(); got != "no-op" {
		t.Errorf("wrapped name %q", got)
	}
	// The scope too: a node fault is struck once for every tenant, and
	// its reach is what node-loss is judged on.
	if got := fault.ScopeOf(s.Schedule.Steps[0].Fault); got != fault.ScopeTarget {
		t.Errorf("wrapped target fault's scope %v", got)
	}
	if got := fault.ScopeOf(s.Schedule.Steps[1].Fault); got != fault.ScopeCluster {
		t.Errorf("wrapped node fault's scope %v, want ScopeCluster", got)
	}
}

func TestProgressRemaining(t *testing.T) {
	t.Parallel()
	now := time.Now()
	p := Progress{Started: now.Add(-time.Minute), Ends: now.Add(30 * time.Second), Phase: PhaseFault}
	if r, ok := p.Remaining(now); !ok || r != 30*time.Second {
		t.Errorf("Remaining = %s, %v", r, ok)
	}
	if e := p.Elapsed(now); e != time.Minute {
		t.Errorf("Elapsed = %s", e)
	}
	p.Ends = now.Add(-time.Second)
	if r, ok := p.Remaining(now); !ok || r != 0 {
		t.Errorf("past the estimate: Remaining = %s, %v", r, ok)
	}
}
