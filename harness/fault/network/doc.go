// Package network holds the faults that hit the network: partitions and
// random packet loss with iptables rules in chains named with our prefix
// (inside a node container's network namespace or a pod's, entered with
// nsenter through the node), latency and jitter with tc netem where the
// kernel has it, and a DNS outage that scales CoreDNS to zero.
package network

import (
	"errors"
	"fmt"
	"time"

	"github.com/golive/resilience/harness/fault"
)

// DefaultTimeout bounds the wait for a network fault's effect.
const DefaultTimeout = 2 * time.Minute

// effectPoll is how often packet counters are read while waiting for drops.
const effectPoll = 250 * time.Millisecond

// Sentinel errors of network faults.
var (
	// ErrNoNetem: the kernel has no netem queueing discipline. It wraps
	// fault.ErrUnsupported, so the run reports SKIP.
	ErrNoNetem = fmt.Errorf("kernel lacks sch_netem: %w", fault.ErrUnsupported)
	// ErrBadProbability: a loss probability outside (0, 1].
	ErrBadProbability = errors.New("loss probability must be in (0, 1]")
	// ErrNoPeers: a partition with nobody to cut off.
	ErrNoPeers = errors.New("partition has no peers")
)

func orDefault(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultTimeout
	}
	return d
}
