package harness

import (
	"context"
	"errors"
	"fmt"

	"github.com/golive/resilience/harness/fault"
)

// ErrTenants: the scenarios given to RunAll cannot share one run.
var ErrTenants = errors.New("scenarios cannot share a run")

// RunAll runs several scenarios as tenants of one run, the way a shared
// cluster sees one outage hit many apps: each tenant has its own target,
// load, observers, timeline and checks, and one Result; all share the
// phase clock and the fault schedule. A cluster-scoped fault (a node
// stopped or drained, see fault.ScopeCluster) is injected once and seen by
// every tenant; a target-scoped fault (a pod deleted, a rollout) is
// injected into each tenant on the same seeded schedule. A tenant that a
// cluster fault did not reach, or that was not steady before the
// baseline, gets ERROR verdicts saying so, never PASS.
//
// The scenarios must have the same phases and the same planned schedule
// (offsets, holds, fault names) and distinct namespaces. Results come in
// the order of ss; the error joins the run's failures.
func RunAll(ctx context.Context, c Cluster, ss []Scenario, opts ...Option) ([]*Result, error) {
	cfg := newConfig(opts)
	plans, err := planAll(ss)
	if err != nil {
		return nil, err
	}
	if cfg.dryRun != nil {
		for i, s := range ss {
			if err := writePlan(cfg.dryRun, s, plans[i]); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	if noCluster(c) {
		return nil, ErrNoCluster
	}
	env, err := NewEnv(ctx, c, opts...)
	if err != nil {
		return nil, err
	}
	return runAll(ctx, env, ss, plans, cfg)
}

// planAll validates the tenants and plans their schedules.
func planAll(ss []Scenario) ([][]Planned, error) {
	if len(ss) == 0 {
		return nil, fmt.Errorf("%w: no scenario", ErrTenants)
	}
	var plans [][]Planned
	seen := map[string]bool{}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		if seen[s.Target.Namespace] {
			return nil, fmt.Errorf("%w: two tenants in namespace %q", ErrTenants, s.Target.Namespace)
		}
		seen[s.Target.Namespace] = true
		plan, err := s.Schedule.Plan(s.Phases.Fault)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	first := ss[0]
	for i, s := range ss[1:] {
		if s.Phases != first.Phases {
			return nil, fmt.Errorf("%w: scenario %q (%s) has other phases than %q", ErrTenants, s.Name, s.Target.Namespace, first.Name)
		}
		if err := samePlan(plans[0], plans[i+1]); err != nil {
			return nil, fmt.Errorf("%w: scenario %q (%s): %w", ErrTenants, s.Name, s.Target.Namespace, err)
		}
	}
	return plans, nil
}

// samePlan says how two tenants' schedules differ, if they do.
func samePlan(a, b []Planned) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d injections planned, the first tenant has %d", len(b), len(a))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.At != y.At || x.Hold != y.Hold || x.Fault.Name() != y.Fault.Name() || fault.ScopeOf(x.Fault) != fault.ScopeOf(y.Fault) {
			return fmt.Errorf("injection #%d is %s at +%s, the first tenant's %s at +%s", i, y.Fault.Name(), y.At, x.Fault.Name(), x.At)
		}
	}
	return nil
}
