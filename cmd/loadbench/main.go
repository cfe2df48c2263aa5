// Command loadbench measures loadgen against a raw vegeta attack on the
// same server on 127.0.0.1 and prints a table of the figures of issue 3.
//
//	go run ./cmd/loadbench                      # 1000/s for 10s, 3 rounds each
//	go run ./cmd/loadbench -duration 2s -large 1000000   # a quick look
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/golive/resilience/loadgen/bench"
)

func main() {
	var (
		c     bench.Config
		serve = flag.Bool(bench.ServeFlag, false, "internal: serve the bench target (child process)")
		fold  = flag.Int(bench.FoldFlag, 0, "internal: fold this many results and print their memory (child process)")
		quiet = flag.Bool("quiet", false, "do not report progress on stderr")
	)
	flag.IntVar(&c.Rate, "rate", bench.DefaultRate, "requests per second of each attack")
	flag.DurationVar(&c.Duration, "duration", bench.DefaultDuration, "duration of each attack")
	flag.IntVar(&c.Rounds, "rounds", bench.DefaultRounds, "attacks of each tool, alternated")
	flag.IntVar(&c.Small, "small", bench.DefaultSmall, "results in the small fold")
	flag.IntVar(&c.Large, "large", bench.DefaultLarge, "results in the large fold")
	flag.DurationVar(&c.Span, bench.SpanFlag, bench.DefaultSpan, "time the folded results are spread over")
	flag.DurationVar(&c.Window, bench.WindowFlag, bench.DefaultWindow, "window width of the folds")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case *serve:
		err = bench.ServeChild(ctx, os.Stdin, os.Stdout)
	case *fold > 0:
		err = bench.FoldChild(*fold, c.Span, c.Window, os.Stdout)
	default:
		err = run(ctx, c, *quiet)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c bench.Config, quiet bool) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding own executable: %w", err)
	}
	c.Self = self
	if !quiet {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	rep, err := bench.Run(ctx, c)
	if err != nil {
		return err
	}
	if err := rep.WriteTable(os.Stdout); err != nil {
		return err
	}
	if !rep.Pass() {
		return fmt.Errorf("a figure missed its target")
	}
	return nil
}
