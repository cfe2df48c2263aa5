package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server is the demo target, or in Store mode the store it keeps its
// state in.
type Server struct {
	cfg      Config
	log      *slog.Logger
	host     string
	stopping atomic.Bool
	inFlight atomic.Int64
	metrics  *metrics
	http     *http.Server
	// state backs /state in App mode; kv backs /kv in Store mode.
	state stateBackend
	kv    *memoryState
	// injectable counts the requests to the routes errors are injected on.
	injectable atomic.Uint64
}

// New returns a server for cfg; host names the pod in responses.
func New(cfg Config, host string, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: log, host: host}
	reg := prometheus.NewRegistry()
	s.metrics = newMetrics(reg)
	mux := http.NewServeMux()
	if cfg.Mode == Store {
		s.kv = newMemoryState()
		mux.Handle("PUT /kv/{key}", s.count("kv_put", http.HandlerFunc(s.kvPut)))
		mux.Handle("GET /kv/{key}", s.count("kv_get", http.HandlerFunc(s.kvGet)))
	} else {
		s.state = newStateBackend(cfg)
		mux.Handle("GET /{$}", s.count("hello", s.injectErrors(http.HandlerFunc(s.hello))))
		mux.Handle("GET /work", s.count("work", http.HandlerFunc(s.work)))
		mux.Handle("GET /delay", s.count("delay", s.injectErrors(http.HandlerFunc(s.delay))))
		mux.Handle("PUT /state/{key}", s.count("state_put", http.HandlerFunc(s.statePut)))
		mux.Handle("GET /state/{key}", s.count("state_get", http.HandlerFunc(s.stateGet)))
		mux.Handle("GET /dependency", s.count("dependency", http.HandlerFunc(s.dependency)))
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	return s
}

// Handler exposes the routes, for tests.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Serve accepts on l until ctx is done (SIGTERM), then shuts down as the
// configuration says. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.log.Info("mode", "mode", s.cfg.Mode.String(), "state", s.cfg.State.String(), "error_rate", s.cfg.ErrorRate)
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	if s.cfg.Shutdown == Immediate {
		s.log.Warn("exiting at once on SIGTERM", "in_flight", s.inFlight.Load())
		return s.http.Close()
	}
	s.stopping.Store(true)
	s.http.SetKeepAlivesEnabled(false) // responses now say Connection: close
	s.log.Info("shutdown: not ready, draining", "drain_delay", s.cfg.DrainDelay.String())
	t := time.NewTimer(s.cfg.DrainDelay)
	<-t.C
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := s.http.Shutdown(sctx)
	s.log.Info("shutdown complete", "elapsed", time.Since(start).String(), "error", fmt.Sprint(err))
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

func (s *Server) count(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		s.metrics.inFlight.Inc()
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rw, r)
		s.metrics.inFlight.Dec()
		s.inFlight.Add(-1)
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(rw.code)).Inc()
		s.metrics.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

func (s *Server) hello(w http.ResponseWriter, _ *http.Request) {
	fmt.Fprintf(w, "ok %s\n", s.host)
}

// work burns CPU for ?ms= milliseconds (default 10), holding WorkAllocKiB.
func (s *Server) work(w http.ResponseWriter, r *http.Request) {
	d := msParam(r, "ms", 10*time.Millisecond)
	var hold []byte
	if s.cfg.WorkAllocKiB > 0 {
		hold = make([]byte, s.cfg.WorkAllocKiB<<10)
		for i := range hold {
			hold[i] = byte(i)
		}
	}
	x := uint64(1)
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := 0; i < 1000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	fmt.Fprintf(w, "ok %s %d %d\n", s.host, x%10, len(hold))
}

// delay answers after ?ms= milliseconds (default 100), or when the client leaves.
func (s *Server) delay(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(msParam(r, "ms", 100*time.Millisecond))
	defer t.Stop()
	select {
	case <-t.C:
		fmt.Fprintf(w, "ok %s\n", s.host)
	case <-r.Context().Done():
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if n := s.inFlight.Load(); s.cfg.LivenessMaxInFlight > 0 && n > int64(s.cfg.LivenessMaxInFlight) {
		http.Error(w, fmt.Sprintf("overloaded: %d in flight", n), http.StatusServiceUnavailable)
		return
	}
	if s.cfg.LiveChecksStore {
		if err := s.state.ping(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	fmt.Fprintln(w, "ok")
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.stopping.Load() && !s.cfg.ReadyWhileStopping {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if s.cfg.ReadyChecksStore {
		if err := s.state.ping(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	fmt.Fprintln(w, "ok")
}

// dependency calls the store once: 200 when it answered, 502 when it did
// not (within the store timeout). The other routes never touch it.
func (s *Server) dependency(w http.ResponseWriter, r *http.Request) {
	if err := s.state.ping(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "ok %s store\n", s.host)
}

func msParam(r *http.Request, key string, def time.Duration) time.Duration {
	if v := r.URL.Query().Get(key); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 60000 {
			return time.Duration(n) * time.Millisecond
		}
	}
	return def
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}
