package harness

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// phases runs steady → baseline → fault → recovery and judges the run.
func (r *runner) phases(ctx context.Context) error {
	plan, load := r.s.plan()
	r.load = load
	stopLoad := r.startLoad(ctx, plan)
	defer stopLoad()
	steady := r.s.Steady.withDefaults()

	since := r.tl.BeginPhase(timeline.PhaseSteady)
	if err := r.waitSteady(ctx, steady, steady.Timeout, since); err != nil {
		return fmt.Errorf("scenario %q: %w within %s: %w", r.s.Name, ErrNotSteady, steady.Timeout, err)
	}
	r.tl.BeginPhase(timeline.PhaseBaseline)
	if err := sleep(ctx, r.s.Phases.Baseline); err != nil {
		return err
	}
	r.faultPhase(ctx, r.tl.BeginPhase(timeline.PhaseFault))
	if err := ctx.Err(); err != nil {
		return err
	}
	since = r.tl.BeginPhase(timeline.PhaseRecovery)
	if err := r.waitSteady(ctx, steady, steady.RecoverTimeout, since); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "harness",
			Message: "target not steady within " + steady.RecoverTimeout.String() + " after the faults were reverted"})
	} else {
		r.res.Recovered = true
		r.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Message: "target steady again"})
	}
	if err := sleep(ctx, r.s.Phases.Recovery); err != nil {
		return err
	}
	r.tl.EndPhases()
	stopLoad() // the last windows arrive before the checks read them
	r.res.Verdicts = r.judge()
	return nil
}

// waitSteady waits until the steady condition holds on the timeline.
func (r *runner) waitSteady(ctx context.Context, s Steady, timeout time.Duration, since time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return r.tl.Wait(ctx, func(tl *timeline.Timeline) bool { return s.holds(tl, r.load, since) })
}

// startLoad runs the load in the background, feeding the timeline; the
// returned function stops it and waits for its last window.
func (r *runner) startLoad(ctx context.Context, plan loadgen.Plan) (stop func()) {
	if !r.load {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				r.fail(fmt.Errorf("%w: load: %v", ErrPanicked, p))
			}
		}()
		if err := r.cfg.load(ctx, plan, r.tl.AddWindow); err != nil && ctx.Err() == nil {
			r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "load", Message: err.Error()})
			r.addErr(fmt.Errorf("load: %w", err))
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { cancel(); <-done }) }
}

// judge evaluates the checks, then says in each verdict whether the
// faults could not run here or were stopped early.
func (r *runner) judge() []Verdict {
	vs := evaluate(r.s.Checks, r.tl)
	r.mu.Lock()
	skip := skipReason(r.res.Injections, len(r.plan))
	r.mu.Unlock()
	for i := range vs {
		if skip != "" {
			vs[i].Status, vs[i].Reason = Skip, skip
		}
		if a := r.res.Aborted; a != nil {
			vs[i].Aborted = true
			vs[i].Reason += " (faults stopped early: " + a.Reason + ")"
		}
	}
	return vs
}

// skipReason returns why nothing could be proven when every planned
// injection was unsupported here, and "" otherwise.
func skipReason(injections []Injection, planned int) string {
	if planned == 0 || len(injections) < planned {
		return ""
	}
	for _, in := range injections {
		if !in.Skipped {
			return ""
		}
	}
	return "no fault could run here: " + injections[0].Error
}

// sleep waits d, or until ctx ends: the pacing of phases.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
