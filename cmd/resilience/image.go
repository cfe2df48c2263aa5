package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/golive/resilience/kind/engine"
	"github.com/golive/resilience/kind/nodeimage"
)

func runImage(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("image build", flag.ContinueOnError)
	version := fs.String("version", nodeimage.DefaultKubernetesVersion, "Kubernetes version of the node image")
	noPull := fs.Bool("no-pull", false, "do not try kind's published image first")
	cache := fs.String("cache", "", "build cache directory (default: user cache dir)")
	if len(args) > 0 && isHelp(args[0]) {
		return parseFlags(fs, args[:1], stdout)
	}
	if len(args) == 0 || args[0] != "build" {
		return fmt.Errorf("%w: image build [-version %s] [-no-pull]", errUsage, nodeimage.DefaultKubernetesVersion)
	}
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: image build takes flags only, not %q", errUsage, fs.Arg(0))
	}
	log := progress(stderr)
	if err := engine.Ensure(ctx, engine.WithLogger(log)); err != nil {
		return err
	}
	opts := []nodeimage.Option{nodeimage.WithLogger(log)}
	if *noPull {
		opts = append(opts, nodeimage.WithoutPull())
	}
	if *cache != "" {
		opts = append(opts, nodeimage.WithCacheDir(*cache))
	}
	ref, err := nodeimage.Ensure(ctx, *version, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, ref)
	return nil
}
