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
	"strings"
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
		{"list", "list the checklist items, scenarios and faults, one per line [-o json]", runList},
		{"setup", "make sure a Docker engine answers (install and start one where possible)", runSetup},
		{"image", "image build [-version v1.34.4]: ensure the kind node image (offline build if needed)", runImage},
		{"cluster", "cluster up|down|bench [flags]: manage the kind cluster the suite runs on", runCluster},
		{"version", "print the versions of resilience, Go, kind and the Kubernetes of the node image", runVersion},
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
	switch {
	case len(args) == 0:
		usage(stderr)
		return exitUsage
	case isHelp(args[0]) || args[0] == "help" && len(args) == 1:
		usage(stdout)
		return exitOK
	case args[0] == "help":
		// help <command> is <command> -h.
		args = []string{args[1], "-h"}
	}
	for _, sc := range subcommands() {
		if sc.name != args[0] {
			continue
		}
		err := sc.run(ctx, args[1:], stdout, stderr)
		code := exitCode(ctx, err)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return exitOK // the usage is on stdout
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
	fmt.Fprintln(w, "resilience <command> -h lists the command's flags.")
}

// isHelp reports whether arg asks for help, as the flag package reads it.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// parseFlags parses a command's flags. -h prints the command's usage and
// flags on stdout and returns flag.ErrHelp (exit 0); a bad flag is one
// line, the error, without the flag list.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(fs, stdout)
		return err
	}
	if err != nil {
		return fmt.Errorf("%w: %w (resilience %s -h lists the flags)", errUsage, err, fs.Name())
	}
	return nil
}

// commandUsage prints a command's line of the top-level usage and its
// flags.
func commandUsage(fs *flag.FlagSet, w io.Writer) {
	name, _, _ := strings.Cut(fs.Name(), " ")
	fmt.Fprintf(w, "usage: resilience %s [flags]\n", fs.Name())
	for _, sc := range subcommands() {
		if sc.name == name {
			fmt.Fprintf(w, "%s\n", sc.usage)
		}
	}
	if hasFlags(fs) {
		fmt.Fprintln(w, "flags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
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
