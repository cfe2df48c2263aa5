package loadgen

import (
	"context"
	"fmt"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Run sends p's load until p.Duration has passed or ctx is cancelled, and
// returns every window of the run in order (the last one cut short where
// the run stopped). Each window is also passed to OnWindow, if given, as
// soon as every request started in it has finished.
//
// Cancelling ctx is the normal way to end a plan without a Duration: Run
// then aborts the requests in flight (they count as ClassCanceled), returns
// within milliseconds, and its error is nil. Run's error reports an invalid
// plan, wrapping one of the Err* sentinels, or a failed spill.
func Run(ctx context.Context, p Plan, opts ...Option) ([]Window, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("validating plan: %w", err)
	}
	p = p.withDefaults()
	cfg := newRunConfig(opts)
	var sp *spill
	if cfg.spillTo != nil {
		var err error
		if sp, err = newSpill(cfg.spillTo, cfg.spillFormat); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client, tr := newClient(ctx, p)
	defer tr.CloseIdleConnections()

	obs := newObserver(cfg.metrics)
	var sent func()
	if obs != nil {
		sent = obs.sent
	}
	maxWorkers := p.MaxWorkers
	if maxWorkers == 0 {
		maxWorkers = vegeta.DefaultMaxWorkers
	}
	atk := vegeta.NewAttacker(vegeta.Client(client), vegeta.Workers(p.Workers), vegeta.MaxWorkers(maxWorkers))
	start := time.Now()
	pacer := newRunPacer(ctx, p, start)
	cfg.logger.InfoContext(ctx, "load started", "targets", len(p.Targets), "pacing", p.Pacing, "duration", p.Duration)
	results := atk.Attack(newTargeter(p.Targets, sent), pacer, 0, "")
	defer context.AfterFunc(ctx, func() { atk.Stop() })()

	onClose := func(w Window) {
		cfg.logger.DebugContext(ctx, "window closed", "start", w.Start, "requests", w.Requests, "failures", w.Failures())
		if cfg.onWindow != nil {
			cfg.onWindow(w)
		}
	}
	f := NewFolder(start, p.Window, onClose)
	drained := false
	defer func() {
		if !drained { // onClose panicked or called runtime.Goexit
			atk.Stop()
			go func() {
				for range results { // let vegeta's workers finish
				}
			}()
		}
	}()
	(&fold{f: f, pacer: pacer, obs: obs, spill: sp}).run(results)
	drained = true

	end := pacer.end()
	if end.IsZero() {
		end = time.Now()
	}
	windows := f.Close(end)
	cfg.logger.InfoContext(ctx, "load ended", "windows", len(windows), "elapsed", end.Sub(start))
	return windows, sp.close()
}
