package bench

import (
	"log/slog"
	"time"
)

// Defaults of Config, the figures issue 3 asks for.
const (
	DefaultRate     = 1000
	DefaultDuration = 10 * time.Second
	DefaultRounds   = 3
	DefaultSmall    = 100_000
	DefaultLarge    = 10_000_000
	DefaultSpan     = time.Minute
	DefaultWindow   = time.Second
)

// The flags a Config.Self executable must understand, as cmd/loadbench does:
// -serve runs ServeChild, and -fold=N -span=D -window=D runs FoldChild.
const (
	ServeFlag  = "serve"
	FoldFlag   = "fold"
	SpanFlag   = "span"
	WindowFlag = "window"
)

// Config is one bench run. Zero fields take the defaults.
type Config struct {
	// Rate (requests per second) and Duration of each attack.
	Rate     int
	Duration time.Duration
	// Rounds is the number of vegeta and loadgen attacks each, alternated.
	Rounds int
	// Small and Large are the numbers of synthetic results folded, spread
	// over Span in windows of Window.
	Small, Large int
	Span, Window time.Duration
	// Self is an executable that understands the child flags above. With
	// it, the server and each fold run in their own process, so that the
	// CPU time and peak RSS measured are the load generator's alone.
	// Without it everything runs in this process: the CPU time then
	// includes the server's, and memory is compared by heap in use.
	Self string
	// Logger reports progress; nil discards it.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.Duration == 0 {
		c.Duration = DefaultDuration
	}
	if c.Rounds == 0 {
		c.Rounds = DefaultRounds
	}
	if c.Small == 0 {
		c.Small = DefaultSmall
	}
	if c.Large == 0 {
		c.Large = DefaultLarge
	}
	if c.Span == 0 {
		c.Span = DefaultSpan
	}
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
