package harness

import (
	"context"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// This file is the only one that knows how loadgen runs load: if loadgen's
// API moves, only Loadgen changes.

// LoadFunc sends a plan's load until ctx ends and calls emit with each
// window as soon as it closes. What befalls the load itself (an attacker
// lost) it records with Record(ctx, …) into the scenario's timeline.
type LoadFunc func(ctx context.Context, plan loadgen.Plan, emit func(loadgen.Window)) error

// recorderKey carries a tenant's timeline to its LoadFunc.
type recorderKey struct{}

// Record records e in the timeline of the scenario whose load ctx is, with
// Source "load" when it has none; outside a scenario's load it does
// nothing.
func Record(ctx context.Context, e timeline.Event) {
	if tl, ok := ctx.Value(recorderKey{}).(*timeline.Timeline); ok {
		if e.Source == "" {
			e.Source = "load"
		}
		tl.Record(e)
	}
}

// Loadgen returns the LoadFunc that runs loadgen.Run with opts.
func Loadgen(opts ...loadgen.Option) LoadFunc {
	return func(ctx context.Context, plan loadgen.Plan, emit func(loadgen.Window)) error {
		_, err := loadgen.Run(ctx, plan, append(opts, loadgen.OnWindow(emit))...)
		return err
	}
}

// canceled is the failure class of requests cut short by the end of a run;
// they say nothing about the target.
const canceled = loadgen.ClassCanceled

// successRatio is a window's successes over its judged requests, and false
// when nothing was judged.
func successRatio(w loadgen.Window) (float64, bool) {
	judged := w.Requests - w.Errors[canceled]
	if judged == 0 {
		return 0, false
	}
	return float64(w.Successes()) / float64(judged), true
}
