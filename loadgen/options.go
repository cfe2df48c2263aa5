package loadgen

import (
	"io"
	"log/slog"
)

// Option configures a Run.
type Option func(*runConfig)

type runConfig struct {
	onWindow    func(Window)
	metrics     *Metrics
	spillTo     io.Writer
	spillFormat Format
	logger      *slog.Logger
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
