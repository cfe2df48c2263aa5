package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/golive/resilience/kind/engine"
)

func runSetup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	quiet := fs.Bool("q", false, "print nothing on success")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: setup takes flags only, not %q", errUsage, fs.Arg(0))
	}
	opts := []engine.Option{}
	if !*quiet {
		opts = append(opts, engine.WithLogger(progress(stderr)))
	}
	return engine.Ensure(ctx, opts...)
}
