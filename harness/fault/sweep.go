package fault

import (
	"context"

	"github.com/golive/resilience/harness/timeline"
)

// Leftover is something a run left behind: found by a sweep, and undone
// unless the sweep only looked.
type Leftover struct {
	// Family is the fault family that left it ("node", "network", ...).
	Family string `json:"family"`
	// Object is what is affected.
	Object timeline.Ref `json:"object"`
	// What says what is wrong and what the sweep does about it.
	What string `json:"what"`
}

// Sweeper finds a fault family's leftovers by its marks and, unless dryRun,
// undoes them.
type Sweeper interface {
	Sweep(ctx context.Context, env *Env, dryRun bool) ([]Leftover, error)
}

// SweepFunc adapts a function to Sweeper.
type SweepFunc func(ctx context.Context, env *Env, dryRun bool) ([]Leftover, error)

// Sweep calls f.
func (f SweepFunc) Sweep(ctx context.Context, env *Env, dryRun bool) ([]Leftover, error) {
	return f(ctx, env, dryRun)
}
