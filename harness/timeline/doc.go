// Package timeline records what happened during a resilience run on one
// clock: events (faults injected and reverted, pods and nodes changing),
// gauge samples (ready pods, endpoints, replicas) and load windows, in
// bounded memory, for checks to read afterwards.
package timeline
