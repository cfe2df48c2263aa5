package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// runOne deploys every target, runs scenario i with them as tenants of one
// run (harness.RunAll: one fault schedule, a node fault struck once),
// judges each target's verdicts with its static ones and undeploys. It
// returns a report scenario per target; the error says the run must stop.
func runOne(ctx context.Context, c Cluster, cs kubernetes.Interface, plans []*Plan, i int, statics [][]harness.Verdict, cfg config) ([]reports.Scenario, error) {
	k := plans[0].Kinds[i]
	t := newTracker(cfg.progress, string(k), i+1, len(plans[0].Kinds))
	started := time.Now()
	created, err := deployAll(ctx, c, cs, plans, cfg)
	if err != nil {
		var out []reports.Scenario
		for _, q := range plans {
			out = append(out, named(interrupted(ctx, failedScenario(q, i, started, err)), q, len(plans)))
		}
		if !cfg.keep {
			for _, q := range created {
				if uerr := undeploy(c, q.Spec.Target.Namespace); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
		}
		t.done(out[0].Overall(), out[0].Reason)
		return out, fmt.Errorf("scenario %s: %w", k, err)
	}
	var ss []harness.Scenario
	var load harness.Option
	base := loadFunc(c, cs, plans, cfg)
	for _, q := range plans {
		var sc harness.Scenario
		sc, load = t.wrap(q.Scenarios[i], base)
		ss = append(ss, sc)
	}
	hres, err := harness.RunAll(ctx, c, ss, append(slices.Clip(cfg.harness), load)...)
	var out []reports.Scenario
	overall := reports.StatusSkip
	for j, q := range plans {
		var s reports.Scenario
		if j < len(hres) && hres[j] != nil {
			scenarios.WithStatic(hres[j], statics[j])
			s = scenarioRecord(q, i, hres[j], err)
		} else {
			s = failedScenario(q, i, started, orStopped(err))
		}
		s = named(interrupted(ctx, s), q, len(plans))
		overall = overall.Worse(s.Overall())
		out = append(out, s)
	}
	if cfg.logs != "" && (overall == reports.StatusFail || overall == reports.StatusError) {
		keepLogs(cs, plans, string(k), cfg)
	}
	if !cfg.keep || i < len(plans[0].Kinds)-1 {
		t.phase(PhaseUndeploy)
		for _, q := range plans {
			if uerr := undeploy(c, q.Spec.Target.Namespace); uerr != nil {
				return out, fmt.Errorf("scenario %s: %w", k, uerr)
			}
		}
	}
	t.done(overall, out[0].Reason)
	cfg.log.Debug("scenario done", "scenario", k, "status", overall)
	if len(hres) == 0 || errors.Is(err, harness.ErrRevert) || errors.Is(err, harness.ErrPanicked) {
		return out, fmt.Errorf("scenario %s: %w", k, err) // the cluster may need Sweep: stop
	}
	return out, nil
}

// keepLogs writes each target's pod logs and events under
// cfg.logs/<scenario>/<namespace>/ before its namespace goes; a failure to
// is logged, never the run's.
func keepLogs(cs kubernetes.Interface, plans []*Plan, scenario string, cfg config) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, q := range plans {
		ns := q.Spec.Target.Namespace
		if err := collectPods(ctx, cs, ns, filepath.Join(cfg.logs, scenario, ns)); err != nil {
			cfg.log.Warn("keeping logs", "namespace", ns, "error", err)
		}
	}
}

// deployAll deploys every target side by side; it returns those whose
// namespace it created, which only the run may delete.
func deployAll(ctx context.Context, c Cluster, cs kubernetes.Interface, plans []*Plan, cfg config) ([]*Plan, error) {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created []*Plan
		errs    = make([]error, len(plans))
	)
	for j, q := range plans {
		cfg.log.Debug("deploying the target", "namespace", q.Spec.Target.Namespace)
		wg.Go(func() {
			made, err := deploy(ctx, c, cs, q)
			if err == nil {
				err = deployAttackers(ctx, cs, q)
			}
			errs[j] = err
			if made {
				mu.Lock()
				created = append(created, q)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return created, errors.Join(errs...)
}

// orStopped is err, or a note that the run stopped before this target's
// result, when err is nil.
func orStopped(err error) error {
	if err == nil {
		return errors.New("the run ended without a result for this target")
	}
	return err
}

// named tells a target's record apart when a run has several targets.
func named(s reports.Scenario, q *Plan, targets int) reports.Scenario {
	s.Name = tenantName(s.Name, q, targets)
	return s
}

// tenantName is name, followed by the target's namespace when a run has
// several targets.
func tenantName(name string, q *Plan, targets int) string {
	if targets < 2 {
		return name
	}
	return name + " / " + q.Spec.Target.Namespace
}
