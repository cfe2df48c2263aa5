package fault

import (
	"context"
	"strings"

	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/kind/command"
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

// Vanished reports whether err says that what a sweep was about to inspect
// or undo went away after the sweep listed it: a pod's network namespace
// deleted with its pod, a node container removed or stopped, an iptables
// chain already deleted. A sweep treats such an object as clean, because
// nothing of ours can be left in something that no longer exists. Every
// other failure is not vanishing and must surface. A joined error has
// vanished only when each of its errors has.
func Vanished(err error) bool {
	switch e := err.(type) {
	case nil:
		return false
	case *command.Error:
		// Only the program's output decides: the command line names the
		// object and could contain anything.
		return saysGone(e.Output)
	case interface{ Unwrap() []error }:
		errs := e.Unwrap()
		for _, inner := range errs {
			if !Vanished(inner) {
				return false
			}
		}
		return len(errs) > 0
	case interface{ Unwrap() error }:
		if inner := e.Unwrap(); inner != nil {
			return Vanished(inner)
		}
	}
	return saysGone(err.Error())
}

// saysGone reports whether a command's output is one of the messages that
// mean its object no longer exists. Each is matched on one line and as
// narrowly as the tool prints it, so that an unrelated "No such file or
// directory" (a missing binary, say) is not mistaken for a vanished object.
func saysGone(out string) bool {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		lower := strings.ToLower(line)
		switch {
		// nsenter could not open the namespace file: the namespace was
		// deleted with its pod.
		case strings.Contains(line, "nsenter: cannot open ") && strings.HasSuffix(line, ": No such file or directory"):
			return true
		// docker (and podman) no longer know the container.
		case strings.Contains(lower, "no such container"):
			return true
		// docker exec into a container that stopped after it was listed.
		case strings.Contains(lower, "container ") && strings.Contains(lower, " is not running"):
			return true
		// iptables found no chain by that name: it is already deleted.
		case strings.Contains(line, "No chain/target/match by that name"):
			return true
		}
	}
	return false
}
