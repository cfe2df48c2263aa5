// Package kindenv is the e2e-framework glue of package kind: environment
// functions that make a kind cluster available to a test suite and delete
// it after. It sits apart so that programs using package kind (the CLI)
// do not link e2e-framework.
package kindenv

import (
	"context"
	"errors"
	"fmt"

	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/types"

	"github.com/golive/resilience/kind"
)

type clusterKey struct{ name string }

// Setup returns an e2e-framework environment function that makes the
// cluster cfg describes available to the tests: it reuses a healthy cluster
// of that name running cfg.NodeImage or creates one, then points the
// environment's kubeconfig at it. The cluster is also in the context:
// ClusterFrom(ctx, cfg.Name).
func Setup(p *kind.Provider, cfg kind.Config) types.EnvFunc {
	return func(ctx context.Context, ec *envconf.Config) (context.Context, error) {
		c, err := p.GetOrCreate(ctx, cfg)
		if err != nil {
			return ctx, err
		}
		ec.WithKubeconfigFile(c.Kubeconfig)
		return context.WithValue(ctx, clusterKey{cfg.Name}, c), nil
	}
}

// Finish returns an environment function that deletes the cluster
// Setup created, unless keep is true. A cluster Setup found and
// reused was someone else's: it stays.
func Finish(p *kind.Provider, name string, keep bool) types.EnvFunc {
	return func(ctx context.Context, _ *envconf.Config) (context.Context, error) {
		c, err := ClusterFrom(ctx, name)
		switch {
		case err != nil:
			return ctx, nil // setup never made it
		case keep:
			p.Logger().Info("keeping cluster", "cluster", name)
			return ctx, nil
		case !c.Created():
			p.Logger().Info("keeping cluster: it was there before the tests", "cluster", name)
			return ctx, nil
		}
		return ctx, p.Delete(ctx, name)
	}
}

// ErrNoCluster is returned by ClusterFrom when Setup did not run.
var ErrNoCluster = errors.New("no cluster in context: Setup did not run")

// ClusterFrom returns the cluster Setup put in the context.
func ClusterFrom(ctx context.Context, name string) (*kind.Cluster, error) {
	c, ok := ctx.Value(clusterKey{name}).(*kind.Cluster)
	if !ok {
		return nil, fmt.Errorf("%w (cluster %q)", ErrNoCluster, name)
	}
	return c, nil
}
