package runner

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/reports"
)

// tracker follows one scenario for progress: its load windows, the
// faults injected and reverted, and the phase they imply.
type tracker struct {
	notify func(Progress)
	now    func() time.Time

	mu         sync.Mutex
	p          Progress
	phases     harness.Phases
	firstAt    time.Duration // offset of the first planned injection
	windows    int           // consecutive windows needed for steady
	minSuccess float64
	okRun      int // consecutive successful windows since steady began
	faultStart time.Time
	active     map[string]int
}

func newTracker(notify func(Progress), name string, index, total int) *tracker {
	if notify == nil {
		notify = func(Progress) {}
	}
	t := &tracker{notify: notify, now: time.Now, active: map[string]int{}}
	t.p = Progress{Scenario: name, Index: index, Total: total, Phase: PhaseDeploy, Started: t.now()}
	t.emit()
	return t
}

// wrap returns the scenario with its load and faults reporting to t.
func (t *tracker) wrap(s harness.Scenario, load harness.LoadFunc) (harness.Scenario, harness.Option) {
	t.mu.Lock()
	t.phases = s.Phases
	t.windows, t.minSuccess = s.Steady.Windows, s.Steady.MinSuccess
	if t.windows == 0 {
		t.windows = harness.DefaultSteadyWindows
	}
	if t.minSuccess == 0 {
		t.minSuccess = harness.DefaultSteadySuccess
	}
	if plan, err := s.Schedule.Plan(s.Phases.Fault); err == nil && len(plan) > 0 {
		t.firstAt = plan[0].At
	}
	t.mu.Unlock()
	steps := slices.Clone(s.Schedule.Steps)
	for i := range steps {
		steps[i].Fault = trackedFault{Fault: steps[i].Fault, t: t}
	}
	s.Schedule.Steps = steps
	return s, harness.WithLoad(t.load(load))
}

// set changes the snapshot under the lock and reports it; once the
// scenario is done, late news (a revert's goroutine) changes nothing.
func (t *tracker) set(change func(p *Progress)) {
	t.mu.Lock()
	if t.p.Phase == PhaseDone {
		t.mu.Unlock()
		return
	}
	change(&t.p)
	t.mu.Unlock()
	t.emit()
}

func (t *tracker) emit() {
	t.mu.Lock()
	p := t.p
	p.Faults = slices.Clone(p.Faults)
	t.mu.Unlock()
	t.notify(p)
}

func (t *tracker) phase(ph Phase) { t.set(func(p *Progress) { p.Phase, p.Ends = ph, time.Time{} }) }

func (t *tracker) done(st reports.Status, reason string) {
	t.set(func(p *Progress) { p.Phase, p.Status, p.Reason, p.Faults = PhaseDone, st, reason, nil })
}

// load wraps the harness's load: it starts with the steady phase.
func (t *tracker) load(inner harness.LoadFunc) harness.LoadFunc {
	return func(ctx context.Context, plan loadgen.Plan, emit func(loadgen.Window)) error {
		t.set(func(p *Progress) {
			p.Phase = PhaseSteady
			p.Ends = t.now().Add(time.Duration(t.windows)*loadgen.DefaultWindow + t.phases.Baseline + t.phases.Fault + t.phases.Recovery)
		})
		defer t.phase(PhaseJudge)
		return inner(ctx, plan, func(w loadgen.Window) {
			emit(w)
			t.window(w)
		})
	}
}

// window folds a load window into the snapshot and moves the phase on.
func (t *tracker) window(w loadgen.Window) {
	now := t.now()
	t.set(func(p *Progress) {
		judged := w.Requests - w.Errors[loadgen.ClassCanceled]
		failed := w.Failures() - w.Errors[loadgen.ClassCanceled]
		p.Requests += judged
		p.Failures += failed
		if d := w.Duration(); d > 0 {
			p.RPS = float64(w.Requests) / d.Seconds()
		}
		p.P99 = w.Latency.Quantile(0.99)
		switch {
		case p.Phase == PhaseSteady:
			if judged > 0 && float64(judged-failed)/float64(judged) >= t.minSuccess {
				t.okRun++
			} else {
				t.okRun = 0
			}
			if t.okRun >= t.windows {
				p.Phase = PhaseBaseline
				p.Ends = now.Add(t.phases.Baseline + t.phases.Fault + t.phases.Recovery)
				// The counts start over with the judged phases: the
				// gate's failures are not the target's.
				p.Requests, p.Failures = 0, 0
			}
		case p.Phase == PhaseFault && !now.Before(t.faultStart.Add(t.phases.Fault)):
			p.Phase = PhaseRecovery
			p.Ends = t.faultStart.Add(t.phases.Fault + t.phases.Recovery)
		}
	})
}

// injected marks a fault active; the first one starts the fault phase.
func (t *tracker) injected(name string) {
	now := t.now()
	t.set(func(p *Progress) {
		if t.faultStart.IsZero() {
			t.faultStart = now.Add(-t.firstAt)
			p.Phase = PhaseFault
			p.Ends = t.faultStart.Add(t.phases.Fault + t.phases.Recovery)
		}
		t.active[name]++
		p.Faults = t.names()
	})
}

// reverted marks one injection of a fault reverted.
func (t *tracker) reverted(name string) {
	t.set(func(p *Progress) {
		if t.active[name]--; t.active[name] <= 0 {
			delete(t.active, name)
		}
		p.Faults = t.names()
	})
}

func (t *tracker) names() []string {
	var out []string
	for n, c := range t.active {
		if c > 0 {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// trackedFault reports its injection and, once its revert has finished,
// its end to the tracker. It changes nothing else: the harness sees the
// wrapped fault's name, events and undo steps.
type trackedFault struct {
	fault.Fault
	t *tracker
}

var _ fault.Fault = trackedFault{}

// Scope is the wrapped fault's: a node fault stays cluster-scoped, struck
// once for every tenant and judged on the pods it reached. (Without it,
// every fault `resilience run` tracked was target-scoped: a node fault
// recorded no reach, so node-loss and network-partition ERRORed "no node
// with pods of the target was lost", and a run with several targets would
// have stopped a node once per target.)
func (f trackedFault) Scope() fault.Scope { return fault.ScopeOf(f.Fault) }

// Inject marks the fault active until its Undo is done, then injects the
// wrapped fault.
func (f trackedFault) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	name := f.Name()
	f.t.injected(name)
	go func() {
		<-undo.Done()
		f.t.reverted(name)
	}()
	return f.Fault.Inject(ctx, env, undo)
}
