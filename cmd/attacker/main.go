// Command attacker is one in-cluster load generator: it serves a
// loadgen/remote Server, which runs the share of a plan that a Fleet on the
// harness's side gives it and keeps the windows it measures until the Fleet
// reads them.
//
//	attacker -listen :8080 [-allow-host target.shop.svc.cluster.local]...
//
// It logs JSON to stderr, needs no file and no shell (it runs as the only
// file of a FROM scratch image), and on SIGTERM or SIGINT stops its run and
// exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/golive/resilience/loadgen/remote"
)

// shutdownTimeout bounds stopping the run and closing connections on exit.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr)
	var usage usageError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, &usage): // the flag package has said what is wrong
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "attacker:", err)
		os.Exit(1)
	}
}

// usageError is a command line the flag package refused.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// run serves until ctx ends.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("attacker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", ":8080", "address to serve on")
	orphan := fs.Duration("orphan", remote.DefaultOrphan, "stop a run whose windows nobody reads for this long (0: never)")
	verbose := fs.Bool("v", false, "log every window")
	var hosts []string
	fs.Func("allow-host", "a host a plan may load besides loopback (repeat the flag); without it, the hosts each plan names", func(h string) error {
		hosts = append(hosts, h)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	opts := []remote.ServerOption{remote.WithOrphan(*orphan)}
	if hosts != nil {
		opts = append(opts, remote.WithHosts(hosts...))
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	atk := remote.NewServer(append(opts, remote.WithLogger(log))...)
	srv := &http.Server{Handler: atk, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	log.Info("serving", "addr", l.Addr().String(), "orphan", orphan.String(), "hosts", hosts)

	select {
	case err := <-served:
		return fmt.Errorf("serving %s: %w", l.Addr(), err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return errors.Join(atk.Stop(sctx), srv.Shutdown(sctx))
}
