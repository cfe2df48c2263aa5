// Command hello is the example's app: an HTTP server that answers / and,
// for its probes, /healthz (alive) and /readyz (ready for traffic). It
// shuts down gracefully: on SIGTERM it turns unready, keeps serving for
// HELLO_DRAIN_DELAY while the Service stops sending it traffic, then
// lets the requests in flight finish (http.Server.Shutdown).
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const (
	// addr is where the server listens: the container's port "http".
	addr = ":8080"
	// defaultDrainDelay is how long the server keeps serving once unready:
	// the preStop sleep has given kube-proxy time to drop the pod already,
	// this covers a client that picked it just before.
	defaultDrainDelay = 3 * time.Second
	// shutdownTimeout bounds the wait for requests in flight; with the
	// 10 s preStop sleep and the drain it stays within the pod's 30 s
	// termination grace period.
	shutdownTimeout = 10 * time.Second
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := run(log); err != nil {
		log.Error("hello", "error", err.Error())
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	drain := defaultDrainDelay
	if v := os.Getenv("HELLO_DRAIN_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("HELLO_DRAIN_DELAY %q: want a duration such as 3s", v)
		}
		drain = d
	}
	host, _ := os.Hostname()
	s := newServer(host)
	srv := &http.Server{Addr: addr, Handler: s.handler(), ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("serving", "addr", addr, "drain_delay", drain.String())
	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s: %w", addr, err)
	case <-ctx.Done():
	}
	s.stop()
	srv.SetKeepAlivesEnabled(false) // responses now say Connection: close
	log.Info("SIGTERM: not ready, draining", "drain_delay", drain.String())
	t := time.NewTimer(drain)
	select {
	case <-t.C:
	case err := <-errc:
		return fmt.Errorf("serving on %s while draining: %w", addr, err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	log.Info("shut down")
	return nil
}
