package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/golive/resilience/kind/engine"
)

func runSetup(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.Bool("q", false, "print nothing on success")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	opts := []engine.Option{}
	if !*quiet {
		opts = append(opts, engine.WithLogger(progress(stderr)))
	}
	return engine.Ensure(ctx, opts...)
}
