package runner

import (
	"log/slog"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/reports"
)

// Defaults of Run.
const (
	// DefaultDeployTimeout bounds the wait for the target's Deployment to
	// be available after it is applied.
	DefaultDeployTimeout = 3 * time.Minute
	// DefaultUndeployTimeout bounds the deletion of a scenario's
	// namespace, also after the run was cancelled.
	DefaultUndeployTimeout = 4 * time.Minute
	// DefaultMetricsTimeout bounds the metrics-server install the
	// autoscaling scenario needs.
	DefaultMetricsTimeout = 3 * time.Minute
)

// Option configures Run.
type Option func(*config)

type config struct {
	log      *slog.Logger
	progress func(Progress)
	harness  []harness.Option
	allowed  map[string]bool
	cluster  reports.Cluster
	tool     string
	keep     bool
	logs     string // WithLogs
}

func newConfig(opts []Option) config {
	c := config{log: slog.New(slog.DiscardHandler), allowed: map[string]bool{}, tool: "resilience run"}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithLogger logs the run's steps (builds, deploys, scenario ends) to l;
// Run is silent by default. The harness logs there too.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		c.log = l
		c.harness = append(c.harness, harness.WithLogger(l))
	}
}

// WithProgress calls fn with each change of the running scenario: phase,
// load window, fault injected or reverted. fn is called from several
// goroutines and must return quickly.
func WithProgress(fn func(Progress)) Option { return func(c *config) { c.progress = fn } }

// AllowContext lets destructive faults run on a cluster this project did
// not create, named by its kubeconfig context (see harness.AllowContext).
func AllowContext(name string) Option {
	return func(c *config) {
		c.allowed[name] = true
		c.harness = append(c.harness, harness.AllowContext(name))
	}
}

// WithHarness passes options to every harness.Run.
func WithHarness(opts ...harness.Option) Option {
	return func(c *config) { c.harness = append(c.harness, opts...) }
}

// WithCluster seeds the report's cluster record (context, node image);
// Run fills in the name, Kubernetes version and node count.
func WithCluster(rc reports.Cluster) Option { return func(c *config) { c.cluster = rc } }

// WithTool names the program in the report.
func WithTool(name string) Option { return func(c *config) { c.tool = name } }

// KeepNamespace leaves the last scenario's namespace in place for
// debugging.
func KeepNamespace(keep bool) Option { return func(c *config) { c.keep = keep } }
