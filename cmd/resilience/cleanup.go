package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/engine"
	"github.com/golive/resilience/scenarios/runner"
)

// errCleanup: a cluster could not be cleaned (exit 2).
var errCleanup = errors.New("some clusters were not cleaned")

func runCleanup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cleanup", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "only list the clusters, leftovers and namespaces found")
	keep := fs.Bool("keep-clusters", false, "sweep and delete the runs' namespaces, but keep the clusters")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: cleanup takes flags only, not %q", errUsage, fs.Arg(0))
	}
	log := progress(stderr)
	if err := engine.Ensure(ctx, engine.WithLogger(log)); err != nil {
		return err
	}
	found, err := runner.Cleanup(ctx, kind.NewProvider(kind.WithLogger(log)),
		runner.CleanupOptions{DryRun: *dryRun, KeepClusters: *keep, Log: log})
	failed := printCleaned(stdout, found, *dryRun, *keep)
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d", errCleanup, failed, len(found))
	}
	return nil
}

// printCleaned prints a line per cluster and per leftover; it returns
// how many clusters failed.
func printCleaned(w io.Writer, found []runner.Cleaned, dryRun, keep bool) int {
	if len(found) == 0 {
		fmt.Fprintln(w, "no kind clusters")
	}
	failed := 0
	for _, c := range found {
		var what string
		switch {
		case c.Err != nil:
			what, failed = "error: "+c.Err.Error(), failed+1
		case !c.Ours:
			what = "not made by this project: left alone"
		case c.Deleted:
			what = "swept and deleted"
		case dryRun && keep:
			what = "made by this project: would be swept, and kept"
		case dryRun:
			what = "made by this project: would be swept and deleted"
		default:
			what = "swept, its runs' namespaces deleted, the cluster kept"
		}
		fmt.Fprintf(w, "cluster %s: %s\n", c.Cluster, what)
		for _, l := range c.Leftovers {
			fmt.Fprintf(w, "  leftover of a %s fault: %s: %s\n", l.Family, l.Object, l.What)
		}
		if len(c.Namespaces) > 0 {
			fmt.Fprintf(w, "  namespaces of runs: %s\n", strings.Join(c.Namespaces, ", "))
		}
		if c.Ours && c.Err == nil && len(c.Leftovers) == 0 && len(c.Namespaces) == 0 {
			fmt.Fprintln(w, "  no leftovers: no fault of ours in place, no run's namespace")
		}
	}
	return failed
}
