package fault

import (
	"context"
	"fmt"
)

// ErrNoNodeProvider: the cluster's nodes are reached through the Kubernetes
// API only — not as containers or machines this tool can exec into, stop
// or pause — so a fault that acts inside a node cannot run there. It wraps
// ErrUnsupported: the run reports SKIP with this reason, never a pass.
var ErrNoNodeProvider = fmt.Errorf("%w: needs a node provider", ErrUnsupported)

// NoNodeProvider is the Engine of a cluster reached by its API only (any
// kubeconfig context): every command fails with ErrNoNodeProvider, and a
// fault that needs the nodes refuses before it arms anything (NodeAccess).
type NoNodeProvider struct{}

var _ Engine = NoNodeProvider{}

// Docker refuses: there are no node containers to reach.
func (NoNodeProvider) Docker(_ context.Context, args ...string) ([]byte, error) {
	return nil, fmt.Errorf("docker %v: %w", first(args), ErrNoNodeProvider)
}

func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// NodeAccess returns ErrNoNodeProvider when the env's Engine is
// NoNodeProvider, else nil. Faults that exec into, stop or pause a node
// call it first, before arming any revert.
func (e *Env) NodeAccess() error {
	if _, none := e.Engine.(NoNodeProvider); none {
		return ErrNoNodeProvider
	}
	return nil
}
