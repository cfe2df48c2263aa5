package controlplane

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind"
)

// Sweeper thaws control-plane processes a run left frozen.
var Sweeper fault.Sweeper = fault.SweepFunc(Sweep)

// Sweep finds control-plane processes in the stopped state (T) and, unless
// dryRun, sends them SIGCONT and waits until the API answers. It needs no
// API server, so it runs first.
func Sweep(ctx context.Context, env *fault.Env, dryRun bool) ([]fault.Leftover, error) {
	var found []fault.Leftover
	var errs []error
	if env.NodeAccess() != nil {
		return nil, nil // no process of a node was ever frozen without one
	}
	for _, n := range env.Nodes {
		if n.Role != kind.ControlPlane {
			continue
		}
		out, err := env.Exec(ctx, n.Name, "ps", "-o", "pid=,stat=,comm=", "-C", strings.Join(Processes, ","))
		// A control-plane container removed or stopped since the nodes
		// were listed has no process left to thaw.
		if len(out) == 0 && fault.Vanished(err) {
			continue
		}
		if err != nil && len(out) == 0 {
			errs = append(errs, fmt.Errorf("listing control-plane processes on %s: %w", n.Name, err))
			continue
		}
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 || !strings.HasPrefix(f[1], "T") {
				continue
			}
			found = append(found, fault.Leftover{Family: "controlplane",
				Object: timeline.Ref{Kind: "process", Namespace: n.Name, Name: f[2]}, What: "frozen (pid " + f[0] + "): SIGCONT"})
			if dryRun {
				continue
			}
			if _, err := env.Exec(ctx, n.Name, "kill", "-CONT", f[0]); err != nil {
				errs = append(errs, fmt.Errorf("thawing %s pid %s: %w", f[2], f[0], err))
			}
		}
	}
	if !dryRun && len(found) > 0 {
		if err := waitAPI(ctx, env, true); err != nil {
			errs = append(errs, fmt.Errorf("waiting for the API after thawing: %w", err))
		}
	}
	return found, errors.Join(errs...)
}
