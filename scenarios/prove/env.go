package prove

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/features"
	"sigs.k8s.io/e2e-framework/pkg/types"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/engine"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
	"github.com/golive/resilience/scenarios/spec"
)

// clusterKey keys the cluster Setup made available, by its name.
type clusterKey struct{ name string }

// held is a cluster in the context and the report's record of it.
type held struct {
	c      *kind.Cluster
	record reports.Cluster
}

// Setup returns an e2e-framework environment function that makes the
// spec's kind cluster, or reuses a healthy one of that name, as
// `resilience run` does: a Docker engine must answer (kind/engine), the
// node image is ensured and every target's NodePort mapped to 127.0.0.1.
// It points the environment's kubeconfig at the cluster and keeps the
// cluster in the context for Feature and Prove.
func Setup(specPath string, opts ...Option) types.EnvFunc {
	return func(ctx context.Context, ec *envconf.Config) (context.Context, error) {
		s, err := spec.LoadContext(ctx, specPath)
		if err != nil {
			return ctx, err
		}
		c, rc, err := makeCluster(ctx, s, newConfig(opts).logger())
		if c != nil {
			ec.WithKubeconfigFile(c.Kubeconfig)
			ctx = context.WithValue(ctx, clusterKey{c.Name}, &held{c: c, record: rc})
		}
		return ctx, err
	}
}

// Finish returns an environment function that deletes the cluster Setup
// made, unless Keep or KeepEnv=1 says keep. A cluster Setup found and
// reused was there before the tests: it stays.
func Finish(specPath string, opts ...Option) types.EnvFunc {
	return func(ctx context.Context, _ *envconf.Config) (context.Context, error) {
		cfg := newConfig(opts)
		s, err := spec.LoadContext(ctx, specPath)
		if err != nil {
			return ctx, err
		}
		h, ok := ctx.Value(clusterKey{s.Cluster.Name}).(*held)
		log := cfg.logger()
		switch {
		case !ok:
			return ctx, nil // Setup never made it
		case cfg.keepCluster():
			log.Info("keeping cluster", "cluster", h.c.Name, "why", "Keep or "+KeepEnv+"=1")
			return ctx, nil
		case !h.c.Created():
			log.Info("keeping cluster: it was there before the tests", "cluster", h.c.Name)
			return ctx, nil
		}
		if err := deleteCluster(ctx, h.c); err != nil {
			// e2e-framework logs a Finish error only at klog's -v 2.
			log.Error("deleting cluster", "cluster", h.c.Name, "error", err)
			return ctx, err
		}
		return ctx, nil
	}
}

// Feature returns a feature, named after the spec file, whose one Assess
// proves items (empty: the spec's items, or every item) with Prove on the
// cluster Setup left in the context.
func Feature(specPath string, items []string, opts ...Option) features.Feature {
	return features.New(filepath.Base(specPath)).
		Assess("prove", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			Prove(ctx, t, specPath, items, opts...)
			return ctx
		}).Feature()
}

// makeCluster makes or reuses the spec's cluster as the CLI does, and
// returns it with the report's record of it. The cluster is returned
// with a failed port check too, so that one made here can be deleted.
func makeCluster(ctx context.Context, s *spec.Spec, log *slog.Logger) (*kind.Cluster, reports.Cluster, error) {
	if err := engine.Ensure(ctx, engine.WithLogger(log)); err != nil {
		return nil, reports.Cluster{}, err
	}
	c, image, err := runner.KindCluster(ctx, kind.NewProvider(kind.WithLogger(log)), s, log)
	return c, reports.Cluster{NodeImage: image}, err
}

// deleteCluster deletes c on a context of its own: the tests' may be
// cancelled already.
func deleteCluster(ctx context.Context, c *kind.Cluster) error {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), DeleteTimeout)
	defer cancel()
	return c.Delete(dctx)
}
