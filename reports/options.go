package reports

import (
	"io"
	"log/slog"
)

// Option configures Render.
type Option func(*config)

type config struct {
	trend  TrendConfig
	push   *Pushgateway
	logger *slog.Logger
}

func newConfig(opts []Option) config {
	c := config{logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithTrend sets what counts as a regression against the previous run.
func WithTrend(t TrendConfig) Option { return func(c *config) { c.trend = t } }

// WithPushgateway pushes the run's metrics to g after writing the files.
func WithPushgateway(g Pushgateway) Option { return func(c *config) { c.push = &g } }

// WithLogger logs each file written and the push at debug level; Render is
// silent without it.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
