package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// ErrInterrupted: the run's context was cancelled; the result holds what
// ran until then.
var ErrInterrupted = errors.New("run interrupted")

// Run runs the plan's scenarios one after the other on c, each against a
// fresh deployment of the target, and returns the report's result. Its
// error is set when the run could not go on (images, cluster, a revert
// that failed) or was interrupted (ErrInterrupted, with ctx's error); the
// result is returned all the same, with what ran, unless nothing could.
func Run(ctx context.Context, c *kind.Cluster, p *Plan, opts ...Option) (*reports.Result, error) {
	cfg := newConfig(opts)
	res := &reports.Result{Name: p.Spec.Name, Tool: cfg.tool, Started: time.Now(), Scenarios: []reports.Scenario{}}
	cs, err := c.Clientset()
	if err != nil {
		return nil, err
	}
	res.Cluster = clusterRecord(ctx, c, cs, cfg.cluster)
	if err := harness.Guard(ctx, cs, c.Name, cfg.allowed); err != nil {
		return nil, err
	}
	defer func() { res.Finished = time.Now() }()
	if err := prepare(ctx, c, p, cfg); err != nil {
		err = stopped(ctx, err)
		res.Interrupted, res.Aborted, res.Reason = ctx.Err() != nil, ctx.Err() == nil, err.Error()
		return res, err
	}
	// Every run judges the static column: its own record, and each
	// scenario's verdicts are static ∧ dynamic.
	statics := scenarios.Static(p.Manifests.YAML, p.Spec.Target.Namespace, p.Spec.Target.Deployment)
	res.Scenarios = append(res.Scenarios, scenarios.StaticScenario(target(p), statics, time.Now()))
	for i, k := range p.Kinds {
		s, err := runOne(ctx, c, cs, p, i, statics, cfg)
		res.Scenarios = append(res.Scenarios, s)
		if ctx.Err() != nil {
			res.Interrupted, res.Reason = true, "interrupted during scenario "+string(k)
			return res, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
		}
		if err != nil {
			res.Aborted, res.Reason = true, err.Error()
			return res, err
		}
	}
	return res, nil
}

// interrupted marks a scenario stopped from outside when ctx was
// cancelled.
func interrupted(ctx context.Context, s reports.Scenario) reports.Scenario {
	if ctx.Err() != nil {
		s.Aborted, s.Interrupted, s.Reason = false, true, "interrupted: faults reverted, the run stopped here"
	}
	return s
}

// stopped turns an error into ErrInterrupted when ctx was cancelled.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
	}
	return err
}

// prepare builds and loads the images and, for the autoscaling scenario,
// makes sure metrics.k8s.io answers.
func prepare(ctx context.Context, c *kind.Cluster, p *Plan, cfg config) error {
	cfg.log.Info("building images", "tag", p.Tag)
	built, err := p.Spec.BuildImages(ctx, p.Tag)
	if err != nil {
		return err
	}
	var refs []string
	for _, b := range built {
		refs = append(refs, b.Ref)
	}
	if p.ProbeImage != "" {
		if err := buildProbe(ctx, p.ProbeImage); err != nil {
			return err
		}
		refs = append(refs, p.ProbeImage)
	}
	if len(refs) > 0 {
		cfg.log.Info("loading images into the nodes", "cluster", c.Name, "images", refs)
		if err := c.LoadImages(ctx, refs...); err != nil {
			return err
		}
	}
	for _, k := range p.Kinds {
		if k == scenarios.Autoscaling {
			return ensureMetrics(ctx, c, cfg)
		}
	}
	return nil
}

// ensureMetrics installs metrics-server unless metrics.k8s.io already has
// pod metrics.
func ensureMetrics(ctx context.Context, c *kind.Cluster, cfg config) error {
	if n, err := c.PodMetricsCount(ctx, "kube-system"); err == nil && n > 0 {
		return nil
	}
	cfg.log.Info("installing metrics-server for the autoscaling scenario", "cluster", c.Name)
	return c.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, DefaultMetricsTimeout)
}

// runOne deploys the target, runs scenario i, judges its verdicts with
// the static ones (statics) and undeploys; the error
// says the run must stop.
func runOne(ctx context.Context, c *kind.Cluster, cs kubernetes.Interface, p *Plan, i int, statics []harness.Verdict, cfg config) (reports.Scenario, error) {
	k, ns := p.Kinds[i], p.Spec.Target.Namespace
	t := newTracker(cfg.progress, string(k), i+1, len(p.Kinds))
	started := time.Now()
	cfg.log.Debug("deploying the target", "scenario", k, "namespace", ns)
	if created, err := deploy(ctx, c, cs, p); err != nil {
		s := interrupted(ctx, failedScenario(p, i, started, err))
		if created && !cfg.keep {
			if uerr := undeploy(c, ns); uerr != nil {
				err = errors.Join(err, uerr)
			}
		}
		t.done(s.Overall(), s.Reason)
		return s, fmt.Errorf("scenario %s: %w", k, err)
	}
	sc, load := t.wrap(p.Scenarios[i])
	hres, err := harness.Run(ctx, c, sc, append(slices.Clip(cfg.harness), load)...)
	scenarios.WithStatic(hres, statics)
	var s reports.Scenario
	if hres == nil {
		s = failedScenario(p, i, started, err)
	} else {
		s = scenarioRecord(p, i, hres, err)
	}
	s = interrupted(ctx, s)
	if !cfg.keep || i < len(p.Kinds)-1 {
		t.phase(PhaseUndeploy)
		if uerr := undeploy(c, ns); uerr != nil {
			return s, fmt.Errorf("scenario %s: %w", k, uerr)
		}
	}
	t.done(s.Overall(), s.Reason)
	cfg.log.Debug("scenario done", "scenario", k, "status", s.Overall())
	if hres == nil || errors.Is(err, harness.ErrRevert) || errors.Is(err, harness.ErrPanicked) {
		return s, fmt.Errorf("scenario %s: %w", k, err) // the cluster may need Sweep: stop
	}
	return s, nil
}
