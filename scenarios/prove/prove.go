package prove

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
	"github.com/golive/resilience/scenarios/spec"
)

// Prove runs the scenarios that judge items (empty: the spec's items, or
// every item) against the spec's target, on the cluster Setup left in ctx
// or, without one, on the spec's cluster made or reused here — and
// deleted when the test ends if made here, unless kept (Keep, KeepEnv).
// It writes the report as `resilience run` does into Out (default
// DefaultOut beside the spec), keeping pod and cluster logs under
// <out>/logs when an item FAILs or ERRORs, logs its steps through t.Log
// and the report's path with t.Logf, then runs one subtest per scenario
// and one per verdict inside it (see Outcomes). A run that could not go
// on ends the test with t.Fatal, after its report is written. It returns
// the run's result.
func Prove(ctx context.Context, t *testing.T, specPath string, items []string, opts ...Option) *reports.Result {
	t.Helper()
	cfg := newConfig(opts)
	log := cfg.log
	if log == nil {
		w := &testWriter{t: t}
		defer w.close() // a goroutine that outlives the run must not log to a finished test
		log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: clockTime}))
	}
	parent := ctx
	ctx, cancel := beforeTimeout(ctx, t)
	defer cancel()
	plan, err := newPlan(ctx, specPath, items, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, rc, err := clusterFor(ctx, t, plan.Spec, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	out := cfg.outDir(specPath)
	res, runErr := runner.Run(ctx, c, plan, runner.WithLogger(log), runner.WithCluster(rc),
		runner.WithLogs(filepath.Join(out, "logs")), runner.WithTool(Tool))
	if errors.Is(runErr, context.DeadlineExceeded) && parent.Err() == nil {
		runErr = fmt.Errorf("%w (Prove stops %s before go test's -timeout: raise -timeout)", runErr, DeadlineMargin)
	}
	conclude(t, res, runErr, out, plan.Items)
	return res
}

// newPlan loads the spec, applies the options and plans the run as the
// CLI does, the spec's own composed scenarios among those it may choose;
// it touches nothing.
func newPlan(ctx context.Context, specPath string, items []string, cfg config) (*runner.Plan, error) {
	s, err := spec.LoadContext(ctx, specPath)
	if err != nil {
		return nil, err
	}
	if cfg.scale != nil {
		s.Scale = *cfg.scale
	}
	if cfg.seed != nil {
		s.Seed = *cfg.seed
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("spec %s: an option gives it a bad value: %w", specPath, err)
	}
	if len(items) == 0 {
		items = s.Items
	}
	kinds, err := runner.Select(cfg.kinds, items, s.Customs()...)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", specPath, err)
	}
	plan, err := runner.NewPlan(s, kinds, items, time.Now().UTC().Format("20060102-150405"))
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", specPath, err)
	}
	// A scenario asked for by name runs, or the test says why not.
	for _, k := range cfg.kinds {
		if why, ok := plan.NotRun[k]; ok {
			return nil, fmt.Errorf("spec %s: scenario %s cannot run: %s", specPath, k, why)
		}
	}
	return plan, nil
}

// clusterFor returns the cluster Setup left in ctx, or makes or reuses
// the spec's cluster and deletes it when the test ends if made here.
func clusterFor(ctx context.Context, t *testing.T, s *spec.Spec, cfg config, log *slog.Logger) (*kind.Cluster, reports.Cluster, error) {
	if h, ok := ctx.Value(clusterKey{s.Cluster.Name}).(*held); ok {
		return h.c, h.record, nil
	}
	c, rc, err := makeCluster(ctx, s, log)
	if c != nil && c.Created() && !cfg.keepCluster() {
		t.Cleanup(func() {
			if err := deleteCluster(ctx, c); err != nil {
				t.Error(err)
				return
			}
			t.Logf("deleted cluster %q", c.Name)
		})
	}
	return c, rc, err
}

// beforeTimeout ends ctx DeadlineMargin before the test's deadline.
func beforeTimeout(ctx context.Context, t *testing.T) (context.Context, context.CancelFunc) {
	if dl, ok := t.Deadline(); ok {
		return context.WithDeadline(ctx, dl.Add(-DeadlineMargin))
	}
	return context.WithCancel(ctx)
}
