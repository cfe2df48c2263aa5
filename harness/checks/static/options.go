package static

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

// Defaults of the options.
const (
	// DefaultMinReplicas is the fewest replicas (or HPA minReplicas) that
	// survive the loss of one pod.
	DefaultMinReplicas = 2
	// DefaultShutdownMargin is how much of the termination grace period
	// must remain after a preStop sleep for the app to finish in-flight
	// requests.
	DefaultShutdownMargin = 5 * time.Second
)

// Sentinel errors of invalid options.
var (
	// ErrUnknownItem is an item given to Only that the package does not judge.
	ErrUnknownItem = errors.New("unknown checklist item")
	// ErrWorkloadKind is a workload given to Workload that is neither a
	// Deployment nor a StatefulSet.
	ErrWorkloadKind = errors.New("workload must be a Deployment or a StatefulSet")
	// ErrMinReplicas is a MinReplicas below 1.
	ErrMinReplicas = errors.New("min replicas must be at least 1")
	// ErrShutdownMargin is a negative ShutdownMargin.
	ErrShutdownMargin = errors.New("shutdown margin must not be negative")
)

// Option changes what Check judges and how strictly.
type Option func(*config)

type config struct {
	workloads      []timeline.Ref
	items          []string
	minReplicas    int
	shutdownMargin time.Duration
}

// Workload judges the named Deployment or StatefulSet instead of every
// workload in the manifests; it may be given more than once. A workload
// missing from the manifests gets an ERROR verdict per item.
func Workload(ref timeline.Ref) Option {
	return func(c *config) { c.workloads = append(c.workloads, ref) }
}

// Only judges these items instead of every item; it may be given more
// than once.
func Only(items ...string) Option {
	return func(c *config) { c.items = append(c.items, items...) }
}

// MinReplicas is the fewest replicas, and the lowest HPA minReplicas, that
// passes (default DefaultMinReplicas).
func MinReplicas(n int) Option { return func(c *config) { c.minReplicas = n } }

// ShutdownMargin is how much of the termination grace period must remain
// after a preStop sleep (default DefaultShutdownMargin).
func ShutdownMargin(d time.Duration) Option { return func(c *config) { c.shutdownMargin = d } }

// newConfig applies the options and validates them.
func newConfig(opts []Option) (*config, error) {
	c := &config{minReplicas: DefaultMinReplicas, shutdownMargin: DefaultShutdownMargin}
	for _, o := range opts {
		o(c)
	}
	all := Items()
	for _, it := range c.items {
		if !slices.Contains(all, it) {
			return nil, fmt.Errorf("option Only: %w: %q", ErrUnknownItem, it)
		}
	}
	if len(c.items) == 0 {
		c.items = all
	}
	for _, w := range c.workloads {
		if w.Kind != kindDeployment && w.Kind != kindStatefulSet {
			return nil, fmt.Errorf("option Workload %s: %w", w, ErrWorkloadKind)
		}
	}
	if c.minReplicas < 1 {
		return nil, fmt.Errorf("option MinReplicas %d: %w", c.minReplicas, ErrMinReplicas)
	}
	if c.shutdownMargin < 0 {
		return nil, fmt.Errorf("option ShutdownMargin %s: %w", c.shutdownMargin, ErrShutdownMargin)
	}
	return c, nil
}

// judged reports whether an item is to be judged.
func (c *config) judged(item string) bool { return slices.Contains(c.items, item) }
