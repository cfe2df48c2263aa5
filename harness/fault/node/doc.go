// Package node holds the faults that hit kind worker nodes through the
// Kubernetes API (cordon, drain) and through their containers (stop, kill,
// freeze, network disconnect), and the sweep that undoes what a crashed run
// left on nodes. It never touches the control-plane node.
package node

import "time"

// Default time limits of node faults.
const (
	// DefaultTimeout bounds the wait for a node to be reported NotReady:
	// the node lifecycle controller waits its grace period (40–50 s) first.
	DefaultTimeout = 3 * time.Minute
	// DefaultDrainTimeout bounds a drain's evictions, retries included.
	DefaultDrainTimeout = 2 * time.Minute
	// DefaultRetry is how often a drain retries evictions a
	// PodDisruptionBudget refused.
	DefaultRetry = 5 * time.Second
)

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
