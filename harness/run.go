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
)

// Run runs a scenario against a cluster and returns its result. With
// DryRun it prints the plan and touches nothing (c may be nil).
//
// Every fault is armed in a ledger before it is injected and reverted at
// the end of the fault phase or when its hold ends — and, whatever stops
// the run (a panic, ctx cancelled by SIGINT or SIGTERM, a deadline), before
// Run returns. The result is returned even with an error when the run got
// as far as starting its observers.
func Run(ctx context.Context, c Cluster, s Scenario, opts ...Option) (*Result, error) {
	rs, err := RunAll(ctx, c, []Scenario{s}, opts...)
	if len(rs) == 0 {
		return nil, err
	}
	return rs[0], err
}

// runner holds the state of one tenant of a run: its target, timeline,
// observers, load, the faults injected into its workload and its result.
type runner struct {
	g      *group
	env    *fault.Env
	s      Scenario
	tl     *timeline.Timeline
	obs    *observe.Observer
	ledger *Ledger
	res    *Result
	plan   []Planned
	load   bool // whether the scenario sends load
	// stopLoad stops the tenant's load and waits for its last window.
	stopLoad func()
	// unready says why the tenant was not steady before the baseline;
	// its verdicts are then ERROR.
	unready string
}

// group holds the state of one run: its tenants share the phase clock, the
// cluster-scoped faults and the run's failures.
type group struct {
	env     *fault.Env
	cfg     config
	tenants []*runner
	ledger  *Ledger // cluster-scoped faults, recorded on every tenant

	mu       sync.Mutex
	errs     []error // failures found off the run's goroutine
	cancel   context.CancelFunc
	inflight sync.WaitGroup
}

// run is Run after validation, with a ready environment.
func run(ctx context.Context, env *fault.Env, s Scenario, plan []Planned, cfg config) (*Result, error) {
	rs, err := runAll(ctx, env, []Scenario{s}, [][]Planned{plan}, cfg)
	if len(rs) == 0 {
		return nil, err
	}
	return rs[0], err
}

// runAll is RunAll after validation, with a ready environment.
func runAll(ctx context.Context, env *fault.Env, ss []Scenario, plans [][]Planned, cfg config) (res []*Result, err error) {
	var limit time.Duration
	for _, s := range ss {
		steady := s.Steady.withDefaults()
		limit = max(limit, steady.Timeout+steady.RecoverTimeout+s.Phases.Baseline+s.Phases.Fault+s.Phases.Recovery+DefaultSlack)
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	g := &group{env: env, cfg: cfg, cancel: cancel}
	var workloads []fault.Workload
	for _, s := range ss {
		workloads = append(workloads, fault.Workload{Namespace: s.Target.Namespace, Selector: s.Target.Selector})
	}
	g.ledger = NewLedger(g.recordAll, cfg.revertTimeout)
	for i, s := range ss {
		tl := timeline.New()
		r := &runner{g: g, s: s, tl: tl, plan: plans[i],
			ledger: NewLedger(tl.Record, cfg.revertTimeout),
			res:    &Result{Scenario: s.Name, RunID: cfg.runID, Seed: s.Schedule.Seed, Start: tl.Start(), Timeline: tl}}
		envCopy := *env
		envCopy.Record, envCopy.RunID, envCopy.Namespace, envCopy.Selector = tl.Record, cfg.runID, s.Target.Namespace, s.Target.Selector
		envCopy.Workloads = workloads
		r.env = &envCopy
		obs, err := observe.Start(ctx, env.Client, tl, observe.Target{Namespace: s.Target.Namespace,
			Selector: s.Target.Selector, Service: s.Target.Service}, observe.WithLogger(cfg.log), observe.WithUsage(usageEvery))
		if err != nil {
			for _, t := range g.tenants {
				t.obs.Stop()
			}
			return nil, err
		}
		r.obs = obs
		g.tenants = append(g.tenants, r)
	}
	defer func() {
		// The run boundary: whatever happened, stop injecting and revert.
		p := recover()
		cancel()
		g.waitInflight()
		for _, l := range g.ledgers() {
			if rerr := l.RevertAll(); rerr != nil {
				err = errors.Join(err, fmt.Errorf("%w: %w", ErrRevert, rerr))
			}
		}
		if p != nil {
			err = errors.Join(err, fmt.Errorf("%w: %v\n%s", ErrPanicked, p, debug.Stack()))
		}
		err = errors.Join(err, g.failed())
		g.mu.Lock()
		for _, r := range g.tenants {
			r.obs.Stop()
			sort.SliceStable(r.res.Injections, func(i, j int) bool { return r.res.Injections[i].Index < r.res.Injections[j].Index })
			r.tl.EndPhases()
			r.res.End = r.tl.Now()
			res = append(res, r.res)
		}
		g.mu.Unlock()
	}()
	return nil, g.phases(ctx)
}

// ledgers returns the run's ledger and every tenant's.
// usageEvery is how often the target's resource usage is sampled:
// metrics-server's resolution (--metric-resolution=15s).
const usageEvery = 15 * time.Second

func (g *group) ledgers() []*Ledger {
	out := []*Ledger{g.ledger}
	for _, r := range g.tenants {
		out = append(out, r.ledger)
	}
	return out
}

// recordAll records an event on every tenant's timeline.
func (g *group) recordAll(e timeline.Event) {
	for _, r := range g.tenants {
		r.tl.Record(e)
	}
}

// addErr records a failure found off the run's goroutine; Run returns it.
func (g *group) addErr(err error) {
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
}

// fail records a failure that must stop the run (a panic) and stops it.
func (g *group) fail(err error) {
	g.addErr(err)
	g.cancel()
}

func (g *group) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}

// waitInflight waits, for a bounded time, for injections in progress to
// return, so that no change lands after the reverts.
func (g *group) waitInflight() {
	done := make(chan struct{})
	go func() { g.inflight.Wait(); close(done) }()
	t := time.NewTimer(DefaultInflightWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		g.recordAll(timeline.Event{Kind: timeline.KindError, Source: "harness",
			Message: "injections still in progress after " + DefaultInflightWait.String() + ": reverting anyway"})
	}
}
