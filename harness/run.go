package harness

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
)

// Run runs a scenario against a cluster and returns its result. With
// DryRun it prints the plan and touches nothing (c may be nil).
//
// Every fault is armed in a ledger before it is injected and reverted at
// the end of the fault phase or when its hold ends — and, whatever stops
// the run (a panic, ctx cancelled by SIGINT or SIGTERM, a deadline), before
// Run returns. The result is returned even with an error when the run got
// as far as starting its observers.
func Run(ctx context.Context, c *kind.Cluster, s Scenario, opts ...Option) (*Result, error) {
	cfg := newConfig(opts)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	plan, err := s.Schedule.Plan(s.Phases.Fault)
	if err != nil {
		return nil, err
	}
	if cfg.dryRun != nil {
		return nil, writePlan(cfg.dryRun, s, plan)
	}
	if c == nil {
		return nil, ErrNoCluster
	}
	env, err := NewEnv(ctx, c, opts...)
	if err != nil {
		return nil, err
	}
	return run(ctx, env, s, plan, cfg)
}

// runner holds the state of one run.
type runner struct {
	env    *fault.Env
	s      Scenario
	cfg    config
	tl     *timeline.Timeline
	ledger *Ledger
	res    *Result
	plan   []Planned
	load   bool // whether the scenario sends load

	mu       sync.Mutex
	errs     []error // failures found off the run's goroutine
	cancel   context.CancelFunc
	inflight sync.WaitGroup
}

// run is Run after validation, with a ready environment.
func run(ctx context.Context, env *fault.Env, s Scenario, plan []Planned, cfg config) (res *Result, err error) {
	steady := s.Steady.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, steady.Timeout+steady.RecoverTimeout+
		s.Phases.Baseline+s.Phases.Fault+s.Phases.Recovery+DefaultSlack)
	defer cancel()
	tl := timeline.New()
	r := &runner{env: env, s: s, cfg: cfg, tl: tl, cancel: cancel, plan: plan,
		ledger: NewLedger(tl.Record, cfg.revertTimeout),
		res:    &Result{Scenario: s.Name, RunID: cfg.runID, Seed: s.Schedule.Seed, Start: tl.Start(), Timeline: tl}}
	envCopy := *env
	envCopy.Record, envCopy.RunID, envCopy.Namespace, envCopy.Selector = tl.Record, cfg.runID, s.Target.Namespace, s.Target.Selector
	r.env = &envCopy

	obs, err := observe.Start(ctx, env.Client, tl, observe.Target{Namespace: s.Target.Namespace,
		Selector: s.Target.Selector, Service: s.Target.Service}, observe.WithLogger(cfg.log))
	if err != nil {
		return nil, err
	}
	defer obs.Stop()
	defer func() {
		// The run boundary: whatever happened, stop injecting and revert.
		p := recover()
		cancel()
		r.waitInflight()
		if rerr := r.ledger.RevertAll(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("%w: %w", ErrRevert, rerr))
		}
		if p != nil {
			err = errors.Join(err, fmt.Errorf("%w: %v\n%s", ErrPanicked, p, debug.Stack()))
		}
		err = errors.Join(err, r.failed())
		r.mu.Lock()
		sort.Slice(r.res.Injections, func(i, j int) bool { return r.res.Injections[i].Index < r.res.Injections[j].Index })
		r.mu.Unlock()
		tl.EndPhases()
		r.res.End = tl.Now()
		res = r.res
	}()
	return r.res, r.phases(ctx)
}

// addErr records a failure found off the run's goroutine; Run returns it.
func (r *runner) addErr(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
}

// fail records a failure that must stop the run (a panic) and stops it.
func (r *runner) fail(err error) {
	r.addErr(err)
	r.cancel()
}

func (r *runner) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.errs...)
}

// waitInflight waits, for a bounded time, for injections in progress to
// return, so that no change lands after the reverts.
func (r *runner) waitInflight() {
	done := make(chan struct{})
	go func() { r.inflight.Wait(); close(done) }()
	t := time.NewTimer(DefaultInflightWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		r.tl.Record(timeline.Event{Kind: timeline.KindError, Source: "harness",
			Message: "injections still in progress after " + DefaultInflightWait.String() + ": reverting anyway"})
	}
}
