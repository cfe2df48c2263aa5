package harness

import (
	"context"
	"errors"
	"fmt"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/stress"
)

// Sweepers are the fault families' sweepers in the order Sweep runs them:
// the control plane first (the others need the API), then nodes (the
// network sweep needs running nodes), network and stress pods.
var Sweepers = []fault.Sweeper{controlplane.Sweeper, node.Sweeper, network.Sweeper, stress.Sweeper}

// Sweep finds what faults of a crashed run left in the cluster — by our
// labels, annotations and chain prefix, and by node containers left
// paused, stopped or off their network — and undoes it: it thaws frozen
// control-plane processes, unpauses, starts and reconnects nodes,
// uncordons them, deletes our iptables chains and netem qdiscs, restores
// CoreDNS replicas and deletes stress pods. It returns what it found.
// Sweep needs no healthy cluster: it makes no safety check and never
// waits for the cluster to be ready before it starts.
func Sweep(ctx context.Context, c Cluster, opts ...Option) ([]fault.Leftover, error) {
	return sweepCluster(ctx, c, newConfig(opts), false)
}

// Leftovers is Sweep without the undoing: what a crashed run left.
func Leftovers(ctx context.Context, c Cluster, opts ...Option) ([]fault.Leftover, error) {
	return sweepCluster(ctx, c, newConfig(opts), true)
}

func sweepCluster(ctx context.Context, c Cluster, cfg config, dryRun bool) ([]fault.Leftover, error) {
	if noCluster(c) {
		return nil, ErrNoCluster
	}
	env, err := newEnv(ctx, c, cfg)
	if err != nil {
		return nil, err
	}
	return SweepEnv(ctx, env, dryRun)
}

// SweepEnv runs every sweeper on env; dryRun only looks.
func SweepEnv(ctx context.Context, env *fault.Env, dryRun bool) ([]fault.Leftover, error) {
	var found []fault.Leftover
	var errs []error
	for _, s := range Sweepers {
		got, err := s.Sweep(ctx, env, dryRun)
		found = append(found, got...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return found, fmt.Errorf("sweeping: %w", err)
	}
	return found, nil
}
