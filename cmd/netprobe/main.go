// Command netprobe is the harness's network probe: a pod that answers
// /dial?addr=host:port by opening a TCP connection there and saying what
// happened (connected, refused, timed out). The network-policy check runs
// it as clients the target's policies admit or not, and as a pod wearing
// the target's labels to test its egress. It is reached through the API
// server's pod proxy, never from the host.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/golive/resilience/harness/netpol/dial"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	addr := ":" + envOr("PORT", "8080")
	// An egress probe wears the target's labels; answering not-ready keeps
	// it out of the target's Service endpoints.
	ready := os.Getenv("NETPROBE_READY") != "false"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("GET /dial", func(w http.ResponseWriter, r *http.Request) {
		to := r.URL.Query().Get("addr")
		timeout, err := time.ParseDuration(r.URL.Query().Get("timeout"))
		if err != nil || timeout <= 0 || timeout > 10*time.Second {
			timeout = 2 * time.Second
		}
		if _, _, err := net.SplitHostPort(to); err != nil {
			http.Error(w, "addr must be host:port", http.StatusBadRequest)
			return
		}
		res := dial.TCP(r.Context(), to, timeout)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(res)
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Info("netprobe listening", "addr", addr, "ready", ready)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("netprobe", "err", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
