package main

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// server answers the app's routes; once stopped, /readyz says 503 so
// that the readiness probe takes the pod out of the Service.
type server struct {
	host     string
	stopping atomic.Bool
	served   atomic.Uint64 // requests to /
}

func newServer(host string) *server { return &server{host: host} }

// stop turns the server unready; it keeps serving.
func (s *server) stop() { s.stopping.Store(true) }

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		s.served.Add(1)
		fmt.Fprintf(w, "hello from %s\n", s.host)
	})
	// Alive as long as it answers: a pod too busy to be ready is taken
	// out of the Service by /readyz, not restarted.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if s.stopping.Load() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	// Prometheus' text format, for the scrape the pods' annotations ask for.
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		ready := 1
		if s.stopping.Load() {
			ready = 0
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintf(w, "# HELP hello_requests_total Requests to / served.\n# TYPE hello_requests_total counter\nhello_requests_total %d\n", s.served.Load())
		fmt.Fprintf(w, "# HELP hello_ready Whether the server takes traffic (0 while shutting down).\n# TYPE hello_ready gauge\nhello_ready %d\n", ready)
	})
	return mux
}
