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
// plan, wrapping one of the Err* sentinels, or a failed spill. Given
// StartAt, Run first waits for the start time; cancelled while waiting, it
// returns no windows and a nil error.
func Run(ctx context.Context, p Plan, opts ...Option) ([]Window, error) {
	cfg := newRunConfig(opts)
	if err := p.ValidateHosts(cfg.hosts...); err != nil {
		return nil, fmt.Errorf("validating plan: %w", err)
	}
	p = p.withDefaults()
	var sp *spill
	if cfg.spillTo != nil {
		var err error
		if sp, err = newSpill(cfg.spillTo, cfg.spillFormat); err != nil {
			return nil, err
		}
	}
	if !cfg.startAt.IsZero() {
		if late := time.Since(cfg.startAt); late > 0 {
			cfg.logger.WarnContext(ctx, "load starts after its start time", "start", cfg.startAt, "late", late)
		}
		if !waitUntil(ctx, cfg.startAt) {
			return []Window{}, sp.close()
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client, tr := newClient(ctx, p, newHostSet(cfg.hosts))
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
	if !cfg.startAt.IsZero() {
		start = cfg.startAt
	}
	pacer := newRunPacer(ctx, p, start)
	if lag := time.Since(start); !cfg.startAt.IsZero() && lag > 0 {
		pacer.inner = lagged{inner: pacer.inner, lag: lag}
	}
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

// waitUntil waits until t and reports whether ctx was still live then.
func waitUntil(ctx context.Context, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return ctx.Err() == nil
	case <-ctx.Done():
		return false
	}
}

// lagged paces as inner would have in a run that began lag later: a run
// whose windows start at a StartAt already past paces from the moment it
// began, where vegeta's pacers would burst to catch up.
type lagged struct {
	inner vegeta.Pacer
	lag   time.Duration
}

// Pace implements vegeta.Pacer.
func (l lagged) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	return l.inner.Pace(elapsed-l.lag, hits)
}

// Rate implements vegeta.Pacer.
func (l lagged) Rate(elapsed time.Duration) float64 { return l.inner.Rate(elapsed - l.lag) }
