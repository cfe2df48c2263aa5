package loadgen

import (
	"io"
	"log/slog"
	"time"
)

// Option configures a Run.
type Option func(*runConfig)

type runConfig struct {
	onWindow    func(Window)
	metrics     *Metrics
	spillTo     io.Writer
	spillFormat Format
	logger      *slog.Logger
	startAt     time.Time
	hosts       []string
}

func newRunConfig(opts []Option) runConfig {
	cfg := runConfig{logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// OnWindow calls fn with each window as soon as every request started in it
// has finished, in order, from Run's goroutine. fn must return quickly: while
// it runs, results queue up and the attack slows down.
func OnWindow(fn func(Window)) Option {
	return func(c *runConfig) { c.onWindow = fn }
}

// WithMetrics updates m with every result.
func WithMetrics(m *Metrics) Option {
	return func(c *runConfig) { c.metrics = m }
}

// WithSpill writes every result to w in format f, through vegeta's encoders,
// so that vegeta's report and plot commands can read it. Results are
// buffered and never kept in memory; Run flushes the buffer before returning.
func WithSpill(w io.Writer, f Format) Option {
	return func(c *runConfig) { c.spillTo, c.spillFormat = w, f }
}

// WithLogger makes Run log to l: the start and end of the run at Info and
// each window at Debug. By default Run does not log.
func WithLogger(l *slog.Logger) Option {
	return func(c *runConfig) { c.logger = l }
}

// StartAt makes Run wait until t (or until its context ends) before sending,
// and start its windows at t rather than at the moment it was called: runs
// started at slightly different moments with the same t measure windows with
// identical boundaries, which MergeWindows can merge. A Duration ends at
// t + Duration. A run that begins after t (t had passed, or this clock is
// behind the one that chose t) still starts its windows at t but paces its
// requests from the moment it begins, instead of bursting to catch up.
func StartAt(t time.Time) Option {
	return func(c *runConfig) { c.startAt = t }
}

// AllowHosts lets the plan's target URLs name these exact hosts besides
// loopback ones: an in-cluster Service name such as
// "target.shop.svc.cluster.local", or a ClusterIP. Names compare without
// regard to case. A request to an allowed name may go to whatever address
// it resolves to; every other host, redirects' included, is still dialled on
// loopback only. Without AllowHosts, Run sends load to loopback only.
func AllowHosts(hosts ...string) Option {
	return func(c *runConfig) { c.hosts = append(c.hosts, hosts...) }
}
