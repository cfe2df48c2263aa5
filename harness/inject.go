package harness

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// faultPhase runs the schedule from start until the phase ends (or a
// breach aborts it), then waits for the injections in progress and
// reverts every fault still active.
func (r *runner) faultPhase(ctx context.Context, start time.Time) {
	ctx, cancel := context.WithDeadline(ctx, start.Add(r.s.Phases.Fault))
	defer cancel()
	if r.cfg.breach != nil && r.load {
		go r.watchBreach(ctx, start, cancel)
	}
	for _, p := range r.plan {
		due := start.Add(p.At)
		if !sleepUntil(ctx, due) {
			break
		}
		r.inflight.Add(1)
		go r.inject(ctx, p, due)
	}
	<-ctx.Done()
	r.waitInflight()
	if err := r.ledger.RevertAll(); err != nil {
		r.addErr(fmt.Errorf("%w: %w", ErrRevert, err))
	}
}

// inject runs one planned injection: arm, inject, hold, revert.
func (r *runner) inject(ctx context.Context, p Planned, due time.Time) {
	defer r.inflight.Done()
	started := time.Now()
	in := Injection{Index: p.Index, Fault: p.Fault.Name(), Due: due, Started: started, Lag: started.Sub(due)}
	defer func() { r.mu.Lock(); r.res.Injections = append(r.res.Injections, in); r.mu.Unlock() }()

	// The time limit: even if nothing else reverts it, the fault does not
	// outlive its phase by more than the revert timeout.
	undo := r.ledger.Arm(p.Fault.Name(), r.s.Phases.Fault+r.cfg.revertTimeout)
	env := *r.env
	env.Rand = victimRand(r.s.Schedule.Seed, p.Index)
	env.Record = stampInjection(env.Record, p.Index)
	err := safeInject(ctx, p.Fault, &env, undo)
	switch {
	case errors.Is(err, ErrPanicked):
		in.Error = err.Error()
		r.fail(err)
	case errors.Is(err, fault.ErrUnsupported):
		in.Skipped, in.Error = true, err.Error()
		r.tl.Record(timeline.Event{Kind: timeline.KindSkip, Source: p.Fault.Name(), Message: err.Error()})
	case err != nil && ctx.Err() != nil && errors.Is(err, fault.ErrNoEffect):
		// The phase ended while the fault waited for its effect (a
		// deleted pod still shutting down): cut short, not failed.
		in.Cut, in.Error = true, err.Error()
		r.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: p.Fault.Name(),
			Message: "the fault phase ended before the effect was seen: " + err.Error()})
	case err != nil:
		in.Error = err.Error()
		r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: p.Fault.Name(), Message: err.Error()})
	default:
		in.Injected = time.Now()
		hold := time.NewTimer(p.Hold)
		select {
		case <-ctx.Done():
		case <-hold.C:
		}
		hold.Stop()
	}
	if err := undo.Revert(); err != nil {
		if in.Error != "" {
			in.Error += "; "
		}
		in.Error += err.Error()
		r.addErr(fmt.Errorf("%w: %w", ErrRevert, err))
	}
	in.Reverted = time.Now()
}

// stampInjection makes record mark every event with the injection's index
// (attribute AttrInjection), so that a report can tell which of several
// overlapping injections hit which objects.
func stampInjection(record func(timeline.Event), index int) func(timeline.Event) {
	if record == nil {
		return nil
	}
	idx := strconv.Itoa(index)
	return func(e timeline.Event) {
		e.Attrs = maps.Clone(e.Attrs)
		if e.Attrs == nil {
			e.Attrs = map[string]string{}
		}
		e.Attrs[AttrInjection] = idx
		record(e)
	}
}

// safeInject calls Inject, turning a panic into an error wrapping
// ErrPanicked so that the run reverts and stops.
func safeInject(ctx context.Context, f fault.Fault, env *fault.Env, undo *fault.Undo) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: fault %s: %v", ErrPanicked, f.Name(), p)
		}
	}()
	return f.Inject(ctx, env, undo)
}

// sleepUntil waits until t; it reports false when ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// watchBreach stops the fault phase when Breach.Windows consecutive load
// windows of the phase fall below Breach.MinSuccess.
func (r *runner) watchBreach(ctx context.Context, start time.Time, stop context.CancelFunc) {
	b := *r.cfg.breach
	seen := 0
	for {
		ch := r.tl.Changed()
		windows := r.tl.Windows()
		if len(windows) != seen {
			seen = len(windows)
			run := 0
			for _, w := range windows {
				if w.Start.Before(start) {
					continue
				}
				if ratio, ok := successRatio(w); ok && ratio < b.MinSuccess {
					run++
				} else {
					run = 0
				}
				if run >= b.Windows {
					reason := fmt.Sprintf("%d consecutive load windows below %.2f%% success (last at %s)",
						run, 100*b.MinSuccess, w.Start.Format(time.RFC3339Nano))
					r.mu.Lock()
					r.res.Aborted = &Abort{At: time.Now(), Reason: reason}
					r.mu.Unlock()
					r.tl.Record(timeline.Event{Kind: timeline.KindAbort, Source: "harness", Message: reason})
					stop()
					return
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
	}
}
