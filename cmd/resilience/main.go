// Command resilience proves a Kubernetes app's go-live checklist on a real
// kind cluster. This file maps subcommands to library calls; all behaviour
// lives in the importable packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/golive/resilience/scenarios/runner"
)

// Exit codes.
const (
	exitOK          = 0
	exitFail        = 1
	exitUsage       = 2
	exitInterrupted = 130
)

type subcommand struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func subcommands() []subcommand {
	return []subcommand{
		{"run", "run the go-live suite against the target a spec describes (default: the demo) and write its report", runRun},
		{"cleanup", "undo what crashed runs left, then delete every cluster this project made (none may be in use) [-dry-run] [-keep-clusters]", runCleanup},
		{"report", "re-render a report from result.json files: -in result.json[,...] [-previous old.json] -out DIR", runReport},
		{"list", "list the checklist items, scenarios and faults, one per line", runList},
		{"setup", "make sure a Docker engine answers (install and start one where possible)", runSetup},
		{"image", "image build [-version v1.34.4]: ensure the kind node image (offline build if needed)", runImage},
		{"cluster", "cluster up|down|bench [flags]: manage the kind cluster the suite runs on", runCluster},
	}
}

// errUsage marks an error that is the caller's mistake.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal the run reverts its faults and writes a
		// partial report; a second one ends the process at once.
		<-ctx.Done()
		stop()
		fmt.Fprintln(os.Stderr, "\nresilience: interrupted: stopping — a run reverts its faults and writes what ran (interrupt again to quit now)")
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "--help" {
		usage(stderr)
		return exitUsage
	}
	for _, sc := range subcommands() {
		if sc.name != args[0] {
			continue
		}
		err := sc.run(ctx, args[1:], stdout, stderr)
		code := exitCode(ctx, err)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return exitUsage
		case code == exitInterrupted:
			fmt.Fprintln(stderr, "resilience: interrupted:", err)
		case err != nil:
			fmt.Fprintln(stderr, "resilience:", err)
		}
		return code
	}
	fmt.Fprintf(stderr, "resilience: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

// exitCode maps a command's error: nil is 0, a FAILed item 1, an
// interruption 130, anything else (usage, infrastructure, a run that
// could not judge) 2.
func exitCode(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFailed):
		return exitFail
	case errors.Is(err, runner.ErrInterrupted), ctx.Err() != nil:
		return exitInterrupted
	default:
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: resilience <command> [flags]")
	for _, sc := range subcommands() {
		fmt.Fprintf(w, "  %-8s %s\n", sc.name, sc.usage)
	}
}

// progress is the logger the CLI hands to the library: plain lines on stderr.
func progress(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}
