package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Server defaults and limits.
const (
	// MaxBody bounds a request body: a PlanSpec is far smaller.
	MaxBody = 1 << 20
	// DefaultMaxWindows bounds the windows a Server keeps unread; beyond
	// it the oldest are dropped and counted in Batch.Dropped.
	DefaultMaxWindows = 600
	// DefaultOrphan is how long a run goes on without anyone reading its
	// windows before the Server stops it: load whose harness is gone
	// (killed, or cut off from the cluster) must not go on for ever. It
	// outlasts a Fleet's DefaultUnreachable: an API server frozen for a
	// while cuts the reads off, and the run must go on through it.
	DefaultOrphan = 3 * time.Minute
	// maxPage bounds the windows of one Batch.
	maxPage = 60
)

// Server is one attacker: an http.Handler that runs one share of a plan at
// a time and keeps its closed windows until a Client reads them. Its
// endpoints:
//
//	POST /run            body PlanSpec: start a run (202; 400 for a bad spec,
//	                     403 for a host WithHosts does not allow, 409 if a
//	                     run is going)
//	GET  /windows?from=N the windows from index N on (those before are dropped)
//	POST /stop           cancel the run and wait for its last window
//	GET  /healthz        200 ok
//
// Errors are one line of text.
type Server struct {
	log        *slog.Logger
	orphan     time.Duration
	maxWindows int
	hosts      []string // nil: whatever hosts a PlanSpec names
	mux        *http.ServeMux

	mu  sync.Mutex
	cur *run // the current or last run; nil before the first
}

// run is one run of a Server; its fields past done are guarded by Server.mu.
type run struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once loadgen.Run has returned
	orphan *time.Timer   // nil when orphan runs are not stopped

	windows  []loadgen.Window // closed, unread: windows[0] has index first
	first    int
	dropped  int
	finished bool
	err      error
}

var _ http.Handler = (*Server)(nil)

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithLogger makes the Server log runs and their windows to l. By default it
// does not log.
func WithLogger(l *slog.Logger) ServerOption { return func(s *Server) { s.log = l } }

// WithOrphan sets how long a run may go unread before the Server stops it;
// zero never stops it. The default is DefaultOrphan.
func WithOrphan(d time.Duration) ServerOption { return func(s *Server) { s.orphan = d } }

// WithMaxWindows sets how many unread windows the Server keeps; the default
// is DefaultMaxWindows.
func WithMaxWindows(n int) ServerOption { return func(s *Server) { s.maxWindows = max(n, 1) } }

// WithHosts restricts the hosts a PlanSpec may allow to hosts: a spec
// naming another is refused. Without it, the Server trusts its caller and
// allows the hosts each spec names; an attacker reachable by more than the
// harness (through its pod's IP rather than the API server's proxy) should
// be deployed with the target's hosts.
func WithHosts(hosts ...string) ServerOption {
	return func(s *Server) {
		s.hosts = append(append([]string{}, s.hosts...), hosts...)
	}
}

// NewServer returns an idle attacker.
func NewServer(opts ...ServerOption) *Server {
	s := &Server{log: slog.New(slog.DiscardHandler), orphan: DefaultOrphan, maxWindows: DefaultMaxWindows}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /run", s.handleRun)
	s.mux.HandleFunc("GET /windows", s.handleWindows)
	s.mux.HandleFunc("POST /stop", s.handleStop)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Stop cancels the current run, if any, and waits until it has closed its
// last window or ctx ends.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	cur := s.cur
	s.mu.Unlock()
	if cur == nil {
		return nil
	}
	cur.cancel()
	select {
	case <-cur.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stopping run: %w", ctx.Err())
	}
}

func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	var spec PlanSpec
	if err := dec.Decode(&spec); err != nil {
		code := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			code = http.StatusRequestEntityTooLarge
		}
		fail(w, code, "decoding plan spec: %v", err)
		return
	}
	plan, err := spec.Plan()
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if s.hosts != nil {
		for _, h := range spec.Hosts {
			if !slices.ContainsFunc(s.hosts, func(a string) bool { return sameHost(a, h) }) {
				fail(w, http.StatusForbidden, "host %q is not one this attacker may load (%q)", h, s.hosts)
				return
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && !s.cur.finished {
		fail(w, http.StatusConflict, "a run is already going")
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cur := &run{cancel: cancel, done: make(chan struct{})}
	if s.orphan > 0 {
		cur.orphan = time.AfterFunc(s.orphan, func() {
			s.log.Warn("nobody reads the windows: stopping the run", "after", s.orphan)
			cancel()
		})
	}
	s.cur = cur
	go s.run(ctx, cur, plan, spec)
	s.log.Info("run accepted", "rate", spec.Rate(), "start", spec.Start, "targets", len(spec.Targets), "hosts", spec.Hosts)
	w.WriteHeader(http.StatusAccepted)
}

// run sends the plan's load and keeps its windows.
func (s *Server) run(ctx context.Context, cur *run, plan loadgen.Plan, spec PlanSpec) {
	defer close(cur.done)
	defer cur.cancel()
	_, err := loadgen.Run(ctx, plan,
		loadgen.StartAt(spec.Start), loadgen.AllowHosts(spec.Hosts...), loadgen.WithLogger(s.log),
		loadgen.OnWindow(func(w loadgen.Window) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if len(cur.windows) >= s.maxWindows {
				cur.windows = slices.Delete(cur.windows, 0, 1)
				cur.first++
				cur.dropped++
			}
			cur.windows = append(cur.windows, w)
		}))
	if cur.orphan != nil {
		cur.orphan.Stop()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur.finished, cur.err = true, err
	s.log.Info("run ended", "windows", cur.first+len(cur.windows), "dropped", cur.dropped, "error", err)
}

func (s *Server) handleWindows(w http.ResponseWriter, r *http.Request) {
	from, err := strconv.Atoi(r.URL.Query().Get("from"))
	if err != nil || from < 0 {
		fail(w, http.StatusBadRequest, "from %q is not a window index", r.URL.Query().Get("from"))
		return
	}
	s.mu.Lock()
	cur := s.cur
	if cur == nil {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "no run")
		return
	}
	if cur.orphan != nil && !cur.finished {
		cur.orphan.Reset(s.orphan)
	}
	next := cur.first + len(cur.windows)
	if from > next {
		s.mu.Unlock()
		fail(w, http.StatusBadRequest, "from %d is past the next window, %d", from, next)
		return
	}
	if from > cur.first { // acknowledged
		cur.windows = slices.Delete(cur.windows, 0, from-cur.first)
		cur.first = from
	}
	page := slices.Clone(cur.windows[:min(len(cur.windows), maxPage)])
	b := Batch{Windows: page, Next: cur.first + len(page), Dropped: cur.dropped}
	b.Done = cur.finished && b.Next == next
	if cur.err != nil {
		b.Error = cur.err.Error()
	}
	s.mu.Unlock()
	if b.Windows == nil {
		b.Windows = []loadgen.Window{}
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(b); err != nil {
		s.log.Warn("writing windows", "error", err)
	}
}

func (s *Server) handleStop(w http.ResponseWriter, r *http.Request) {
	if err := s.Stop(r.Context()); err != nil {
		fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	s.log.Info("run stopped")
	w.WriteHeader(http.StatusNoContent)
}

// fail writes a one-line error.
func fail(w http.ResponseWriter, code int, format string, args ...any) {
	http.Error(w, strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " "), code)
}

// sameHost reports whether a and b name the same host, as loadgen compares
// allowed hosts: without regard to case or a final dot, IPs by value.
func sameHost(a, b string) bool {
	norm := func(h string) string {
		h = strings.TrimSuffix(strings.ToLower(h), ".")
		if ip := net.ParseIP(h); ip != nil {
			return ip.String()
		}
		return h
	}
	return norm(a) == norm(b)
}
