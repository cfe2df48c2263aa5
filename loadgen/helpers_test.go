package loadgen

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// serve starts a real HTTP server on 127.0.0.1 for the test's lifetime.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// plan returns a plan of rate requests per second at url for d.
func plan(url string, rate int, d time.Duration) Plan {
	return Plan{
		Targets:  []Target{{URL: url}},
		Pacing:   Constant{Rate: PerSecond(rate)},
		Duration: d,
		Window:   MinWindow,
	}
}

// run runs p and summarizes all its windows, failing t on error.
func run(t *testing.T, p Plan, opts ...Option) (Summary, []Window) {
	t.Helper()
	ws, err := Run(t.Context(), p, opts...)
	if err != nil {
		t.Fatalf("Run() error = %v", err)
	}
	for _, w := range ws {
		if w.Late != 0 {
			t.Errorf("window at %s has %d late results, want 0", w.Start, w.Late)
		}
	}
	return Summarize(ws, time.Time{}, time.Time{}), ws
}

// hijack takes over the connection of a request, failing t if it cannot.
func hijack(t *testing.T, w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijacking: %v", err)
		return nil
	}
	return conn
}

// closedPort returns a loopback address on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

type connCounterKey struct{}

// perConn makes every request's context carry a counter of the requests
// served so far on its connection.
func perConn(srv *httptest.Server) {
	srv.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, connCounterKey{}, new(atomic.Int64))
	}
}

func nthOnConn(r *http.Request) int64 {
	return r.Context().Value(connCounterKey{}).(*atomic.Int64).Add(1)
}
