package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
)

// ErrInterrupted: the run's context was cancelled; the result holds what
// ran until then.
var ErrInterrupted = errors.New("run interrupted")

// Run runs the plan's scenarios one after the other on c, each against a
// fresh deployment of the target — of every target, side by side as
// tenants of one run, when the spec has several — and returns the
// report's result. Its
// error is set when the run could not go on (images, cluster, a revert
// that failed) or was interrupted (ErrInterrupted, with ctx's error); the
// result is returned all the same, with what ran, unless nothing could.
func Run(ctx context.Context, c Cluster, p *Plan, opts ...Option) (*reports.Result, error) {
	cfg := newConfig(opts)
	res := &reports.Result{Name: p.Spec.Name, Tool: cfg.tool, Started: time.Now(), Scenarios: []reports.Scenario{}}
	cs, err := c.Clientset()
	if err != nil {
		return nil, err
	}
	res.Cluster = clusterRecord(ctx, c, cs, cfg.cluster)
	res.Load = loadFrom(p)
	if err := harness.Guard(ctx, cs, c.Context(), cfg.allowed); err != nil {
		return nil, err
	}
	defer func() { res.Finished = time.Now() }()
	defer func() {
		// A run that FAILed or ERRORed keeps the cluster's own logs too.
		if cfg.logs == "" || (res.Overall() != reports.StatusFail && res.Overall() != reports.StatusError) {
			return
		}
		if err := collectCluster(c, filepath.Join(cfg.logs, "cluster")); err != nil {
			cfg.log.Warn("keeping the cluster's logs", "error", err)
		}
		res.Logs = filepath.Base(cfg.logs)
	}()
	if err := prepare(ctx, c, p.All(), cfg); err != nil {
		err = stopped(ctx, err)
		res.Interrupted, res.Aborted, res.Reason = ctx.Err() != nil, ctx.Err() == nil, err.Error()
		return res, err
	}
	// Every run judges the static column: its own record per target, and
	// each scenario's verdicts are static ∧ dynamic.
	plans := p.All()
	statics := make([][]harness.Verdict, len(plans))
	for j, q := range plans {
		statics[j] = scenarios.Static(q.Manifests.YAML, q.Spec.Target.Namespace, q.Spec.Target.Deployment)
		if st, ok := staticRecord(q, statics[j], len(plans)); ok {
			res.Scenarios = append(res.Scenarios, st)
		}
	}
	for i, k := range p.Kinds {
		ss, err := runOne(ctx, c, cs, plans, i, statics, cfg)
		res.Scenarios = append(res.Scenarios, ss...)
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

// staticRecord is a target's static checklist as a report record, with the
// plan's items only: an item not asked for does not decide the run (nor
// its exit code). It is false when none of the items is judged statically.
func staticRecord(q *Plan, vs []harness.Verdict, tenants int) (reports.Scenario, bool) {
	st := scenarios.StaticScenario(target(q), vs, time.Now())
	st.Name = tenantName(st.Name, q, tenants)
	st.Verdicts = keep(st.Verdicts, q.Items)
	return st, len(st.Verdicts) > 0 || len(q.Items) == 0
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

// prepare builds and loads every target's images and, for the autoscaling
// scenario, makes sure metrics.k8s.io answers. A cluster without a node
// provider gets no image built or loaded: they must be on its nodes
// already, tagged with the plan's tag (LoadImages says which are not).
func prepare(ctx context.Context, c Cluster, plans []*Plan, cfg config) error {
	p := plans[0]
	_, build := c.(*kind.Cluster)
	if build {
		cfg.log.Info("building images", "tag", p.Tag)
	}
	var refs []string
	for _, q := range plans {
		built := q.Spec.ImageRefs(q.Tag)
		if build {
			var err error
			if built, err = q.Spec.BuildImages(ctx, q.Tag); err != nil {
				return err
			}
		}
		for _, b := range built {
			if !slices.Contains(refs, b.Ref) {
				refs = append(refs, b.Ref)
			}
		}
	}
	if p.ProbeImage != "" {
		if build {
			if err := buildProbe(ctx, p.ProbeImage); err != nil {
				return err
			}
		}
		refs = append(refs, p.ProbeImage)
	}
	if p.AttackerImage != "" {
		if build {
			if err := buildAttacker(ctx, p.AttackerImage); err != nil {
				return err
			}
		}
		refs = append(refs, p.AttackerImage)
	}
	if len(refs) > 0 {
		cfg.log.Info("loading images into the nodes", "cluster", c.ClusterName(), "images", refs)
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
func ensureMetrics(ctx context.Context, c Cluster, cfg config) error {
	if n, err := c.PodMetricsCount(ctx, "kube-system"); err == nil && n > 0 {
		return nil
	}
	k, ok := c.(*kind.Cluster)
	if !ok {
		return fmt.Errorf("context %q: metrics.k8s.io has no pod metrics, and the autoscaling scenario reads them: install metrics-server there", c.Context())
	}
	cfg.log.Info("installing metrics-server for the autoscaling scenario", "cluster", k.Name)
	return k.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, DefaultMetricsTimeout)
}
