package harness

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// phases runs steady → baseline → fault → recovery for every tenant on one
// clock and judges each.
func (g *group) phases(ctx context.Context) error {
	for _, r := range g.tenants {
		plan, load := r.s.plan()
		r.load = load
		stop := r.startLoad(ctx, plan)
		defer stop()
	}
	if err := g.steady(ctx); err != nil {
		return err
	}
	g.begin(timeline.PhaseBaseline)
	if err := sleep(ctx, g.first().Phases.Baseline); err != nil {
		return err
	}
	start := g.begin(timeline.PhaseFault)
	g.notePlacement()
	g.faultPhase(ctx, start)
	if err := ctx.Err(); err != nil {
		return err
	}
	since := g.begin(timeline.PhaseRecovery)
	g.each(func(r *runner) {
		steady := r.s.Steady.withDefaults()
		if err := r.waitSteady(ctx, steady, steady.RecoverTimeout, since); err != nil {
			if ctx.Err() == nil {
				r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "harness",
					Message: "target not steady within " + steady.RecoverTimeout.String() + " after the faults were reverted"})
			}
			return
		}
		r.res.Recovered = true
		r.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Message: "target steady again"})
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := sleep(ctx, g.first().Phases.Recovery); err != nil {
		return err
	}
	g.each(func(r *runner) {
		r.tl.EndPhases()
		r.stopLoad() // the last windows arrive before the checks read them
		r.res.Verdicts = r.judge()
	})
	return nil
}

// steady waits until every tenant is steady. A tenant that is not within
// its timeout is judged ERROR; the run fails only when none is steady.
func (g *group) steady(ctx context.Context) error {
	since := g.begin(timeline.PhaseSteady)
	var mu sync.Mutex
	var errs []error
	g.each(func(r *runner) {
		steady := r.s.Steady.withDefaults()
		if err := r.waitSteady(ctx, steady, steady.Timeout, since); err != nil {
			err = fmt.Errorf("scenario %q (%s): %w within %s: %w", r.s.Name, r.s.Target.Namespace, ErrNotSteady, steady.Timeout, err)
			r.unready = fmt.Sprintf("not healthy before the fault: %s within %s", ErrNotSteady, steady.Timeout)
			r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "harness", Message: r.unready})
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			return
		}
		if why := dataPath(ctx, g.env.Nodes, r.s.Target); why != "" {
			r.unready = why
			r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "harness", Message: why})
			mu.Lock()
			errs = append(errs, fmt.Errorf("scenario %q (%s): %w: %s", r.s.Name, r.s.Target.Namespace, ErrNotSteady, why))
			mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return errors.Join(append(errs, err)...)
	}
	if len(errs) == len(g.tenants) {
		return errors.Join(errs...)
	}
	return nil
}

// notePlacement records on each tenant's timeline where its pods sat as
// the fault phase began (MsgPlacement).
func (g *group) notePlacement() {
	for _, r := range g.tenants {
		pods, schedulable := r.obs.Placement()
		attrs := map[string]string{AttrSchedulable: strconv.Itoa(len(schedulable))}
		var parts []string
		for _, n := range slices.Sorted(maps.Keys(pods)) {
			attrs[AttrPodsOn+n] = strconv.Itoa(pods[n])
			parts = append(parts, fmt.Sprintf("%s %d", n, pods[n]))
		}
		r.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Attrs: attrs,
			Message: fmt.Sprintf("%s: %s (%d schedulable nodes)", MsgPlacement, strings.Join(parts, ", "), len(schedulable))})
	}
}

// each runs fn for every tenant side by side and waits for all.
func (g *group) each(fn func(r *runner)) {
	var wg sync.WaitGroup
	for _, r := range g.tenants {
		wg.Go(func() { fn(r) })
	}
	wg.Wait()
}

// begin starts a phase on every tenant's timeline and returns its start.
func (g *group) begin(p timeline.Phase) time.Time {
	var start time.Time
	for i, r := range g.tenants {
		t := r.tl.BeginPhase(p)
		if i == 0 {
			start = t
		}
	}
	return start
}

// first is the first tenant's scenario: the phases and the schedule of
// cluster-scoped faults come from it.
func (g *group) first() Scenario { return g.tenants[0].s }

// waitSteady waits until the steady condition holds on the timeline.
func (r *runner) waitSteady(ctx context.Context, s Steady, timeout time.Duration, since time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return r.tl.Wait(ctx, func(tl *timeline.Timeline) bool { return s.holds(tl, r.load, since) })
}

// startLoad runs the tenant's load in the background, feeding its
// timeline; stopLoad (also returned) stops it and waits for its last window.
func (r *runner) startLoad(ctx context.Context, plan loadgen.Plan) (stop func()) {
	r.stopLoad = func() {}
	if !r.load {
		return r.stopLoad
	}
	ctx, cancel := context.WithCancel(context.WithValue(ctx, recorderKey{}, r.tl))
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				r.g.fail(fmt.Errorf("%w: load: %v", ErrPanicked, p))
			}
		}()
		if err := r.g.cfg.load(ctx, plan, r.tl.AddWindow); err != nil && ctx.Err() == nil {
			r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "load", Message: err.Error()})
			r.g.addErr(fmt.Errorf("load of %s: %w", r.s.Target.Namespace, err))
		}
	}()
	var once sync.Once
	r.stopLoad = func() { once.Do(func() { cancel(); <-done }) }
	return r.stopLoad
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
