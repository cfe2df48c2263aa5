// Command target is the go-live suite's demo app. Its behaviour, including
// the defects the suite's twins switch on, comes from TARGET_* environment
// variables (see package scenarios/target/app).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/golive/resilience/scenarios/target/app"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := app.ConfigFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "target:", err)
		os.Exit(2)
	}
	host, _ := os.Hostname()
	l, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "target:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	log.Info("serving", "addr", cfg.Listen, "shutdown", cfg.Shutdown.String(), "drain_delay", cfg.DrainDelay.String())
	if err := app.New(cfg, host, log).Serve(ctx, l); err != nil {
		log.Error("serve", "error", err.Error())
		os.Exit(1)
	}
}
