package harness

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// faultPhase runs the schedule from start until the phase ends (or a
// breach aborts it), then waits for the injections in progress and
// reverts every fault still active. A cluster-scoped fault is injected
// once for all tenants, a target-scoped one into each tenant.
func (g *group) faultPhase(ctx context.Context, start time.Time) {
	ctx, cancel := context.WithDeadline(ctx, start.Add(g.first().Phases.Fault))
	defer cancel()
	if g.cfg.breach != nil {
		for _, r := range g.tenants {
			if r.load {
				go g.watchBreach(ctx, r, start, cancel)
			}
		}
	}
	for i, p := range g.tenants[0].plan {
		due := start.Add(p.At)
		if !sleepUntil(ctx, due) {
			break
		}
		if fault.ScopeOf(p.Fault) == fault.ScopeCluster {
			g.inflight.Add(1)
			go g.injectShared(ctx, p, due)
			continue
		}
		for _, r := range g.tenants {
			g.inflight.Add(1)
			go r.inject(ctx, r.plan[i], due)
		}
	}
	<-ctx.Done()
	g.waitInflight()
	for _, l := range g.ledgers() {
		if err := l.RevertAll(); err != nil {
			g.addErr(fmt.Errorf("%w: %w", ErrRevert, err))
		}
	}
}

// inject runs one planned target-scoped injection into the tenant.
func (r *runner) inject(ctx context.Context, p Planned, due time.Time) {
	defer r.g.inflight.Done()
	env := *r.env
	env.Rand = victimRand(r.s.Schedule.Seed, p.Index)
	env.Record = stampInjection(env.Record, p.Index)
	in := r.g.injectOne(ctx, p, due, &env, r.ledger, env.Record)
	r.g.mu.Lock()
	r.res.Injections = append(r.res.Injections, in)
	r.g.mu.Unlock()
}

// injectShared runs one planned cluster-scoped injection once, recording
// it on every tenant's timeline; each tenant gets its own copy of the
// Injection, marked Missed when the fault struck nodes that held none of
// its pods.
func (g *group) injectShared(ctx context.Context, p Planned, due time.Time) {
	defer g.inflight.Done()
	first := g.tenants[0]
	reach := &reach{g: g, missed: make([]string, len(g.tenants)), decided: make([]bool, len(g.tenants))}
	env := *first.env
	env.Rand = victimRand(first.s.Schedule.Seed, p.Index)
	env.Record = stampInjection(reach.record, p.Index)
	in := g.injectOne(ctx, p, due, &env, g.ledger, env.Record)
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, r := range g.tenants {
		mine := in
		if reach.missed[i] != "" && in.Error == "" {
			mine.Missed, mine.Error = true, reach.missed[i]
		}
		r.res.Injections = append(r.res.Injections, mine)
	}
}

// injectOne arms, injects, holds and reverts one planned fault.
func (g *group) injectOne(ctx context.Context, p Planned, due time.Time, env *fault.Env, ledger *Ledger, record func(timeline.Event)) Injection {
	started := time.Now()
	in := Injection{Index: p.Index, Fault: p.Fault.Name(), Due: due, Started: started, Lag: started.Sub(due)}
	// The time limit: even if nothing else reverts it, the fault does not
	// outlive its phase by more than the revert timeout.
	undo := ledger.Arm(p.Fault.Name(), g.first().Phases.Fault+g.cfg.revertTimeout)
	err := safeInject(ctx, p.Fault, env, undo)
	switch {
	case errors.Is(err, ErrPanicked):
		in.Error = err.Error()
		g.fail(err)
	case errors.Is(err, fault.ErrUnsupported):
		in.Skipped, in.Error = true, err.Error()
		record(timeline.Event{Kind: timeline.KindSkip, Source: p.Fault.Name(), Message: err.Error()})
	case err != nil && ctx.Err() != nil && errors.Is(err, fault.ErrNoEffect):
		// The phase ended while the fault waited for its effect (a
		// deleted pod still shutting down): cut short, not failed.
		in.Cut, in.Error = true, err.Error()
		record(timeline.Event{Kind: timeline.KindNote, Source: p.Fault.Name(),
			Message: "the fault phase ended before the effect was seen: " + err.Error()})
	case err != nil:
		in.Error = err.Error()
		record(timeline.Event{Kind: timeline.KindError, Source: p.Fault.Name(), Message: err.Error()})
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
		g.addErr(fmt.Errorf("%w: %w", ErrRevert, err))
	}
	in.Reverted = time.Now()
	return in
}

// reach records a cluster-scoped fault's events on every tenant's
// timeline and, at the fault's first injection event that names nodes,
// notes for each tenant how many of its pods sat on them.
type reach struct {
	g       *group
	mu      sync.Mutex
	decided []bool
	missed  []string // per tenant: why the fault missed it, "" when it did not
}

func (x *reach) record(e timeline.Event) {
	var nodes []string
	podsIn := map[string]bool{} // namespaces of the pods the event names
	for _, o := range e.Objects {
		switch {
		case o.Kind == "node" && e.Kind == timeline.KindInject:
			nodes = append(nodes, o.Name)
		case o.Kind == "pod":
			podsIn[o.Namespace] = true
		}
	}
	for i, r := range x.g.tenants {
		// An event about other tenants' pods (an eviction refused by
		// their PDB) is theirs alone: each tenant is judged on its own.
		if len(podsIn) > 0 && !podsIn[r.s.Target.Namespace] {
			continue
		}
		r.tl.Record(e)
		if len(nodes) == 0 {
			continue
		}
		x.mu.Lock()
		first := !x.decided[i]
		x.decided[i] = true
		x.mu.Unlock()
		if !first {
			continue
		}
		on := strings.Join(nodes, ", ")
		n := r.obs.PodsOn(nodes...)
		msg := fmt.Sprintf("the fault reached %d pods of this target on %s", n, on)
		if n == 0 {
			msg = "the fault missed this target: none of its pods on " + on
			x.mu.Lock()
			x.missed[i] = msg
			x.mu.Unlock()
		}
		attrs := maps.Clone(e.Attrs)
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[AttrReached] = strconv.Itoa(n)
		r.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Message: msg, Objects: e.Objects, Attrs: attrs})
	}
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
// windows of a tenant's phase fall below Breach.MinSuccess; every tenant's
// result says so.
func (g *group) watchBreach(ctx context.Context, r *runner, start time.Time, stop context.CancelFunc) {
	b := *g.cfg.breach
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
					if len(g.tenants) > 1 {
						reason += " in " + r.s.Target.Namespace
					}
					g.mu.Lock()
					for _, t := range g.tenants {
						if t.res.Aborted == nil {
							t.res.Aborted = &Abort{At: time.Now(), Reason: reason}
						}
					}
					g.mu.Unlock()
					g.recordAll(timeline.Event{Kind: timeline.KindAbort, Source: "harness", Message: reason})
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
