// Package pod holds the faults that hit a workload's pods: graceful and
// forced deletion, SIGKILL of a container's main process through the node's
// container runtime, and eviction through the Eviction API.
package pod

import "time"

// DefaultTimeout bounds a pod fault's wait for its effect.
const DefaultTimeout = 2 * time.Minute

func timeoutOr(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultTimeout
	}
	return d
}
