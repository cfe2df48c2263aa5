package loadgen

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestOnePercentFailures: every 100th request fails with a 500, so the
// success ratio must be 0.99, inside its interval, with all failures 5xx.
func TestOnePercentFailures(t *testing.T) {
	t.Parallel()
	var n, failed atomic.Uint64
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1)%100 == 0 {
			failed.Add(1)
			w.WriteHeader(http.StatusInternalServerError)
		}
	})

	s, _ := run(t, plan(srv.URL, 500, 2*time.Second))

	// A loaded machine under -race may fall behind the plan's 1000.
	if s.Requests != n.Load() || s.Requests < 500 {
		t.Fatalf("Requests = %d, server saw %d; want the same, at least 500", s.Requests, n.Load())
	}
	if diff := cmp.Diff(map[Class]uint64{ClassHTTP5xx: failed.Load()}, s.Errors); diff != "" {
		t.Errorf("Errors mismatch (-want +got):\n%s", diff)
	}
	if !s.Interval.Contains(0.99) || !s.Interval.Contains(s.SuccessRatio) {
		t.Errorf("SuccessRatio = %v in %+v; want 0.99 and the ratio inside it", s.SuccessRatio, s.Interval)
	}
	if s.Interval.High-s.Interval.Low > 0.03 {
		t.Errorf("Interval %+v is wider than 0.03 for %d requests", s.Interval, s.Judged)
	}
}

// TestLatency checks the digest's median against a server's fixed delay,
// and its twin without delay, so that a constant cannot pass.
func TestLatency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		delay    time.Duration
		min, max time.Duration
	}{
		{delay: 50 * time.Millisecond, min: 50 * time.Millisecond, max: 80 * time.Millisecond},
		{delay: 0, min: 0, max: 25 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.delay.String(), func(t *testing.T) {
			t.Parallel()
			srv := serve(t, func(http.ResponseWriter, *http.Request) { time.Sleep(tt.delay) })

			s, _ := run(t, plan(srv.URL, 100, time.Second))

			if s.Successes < 50 {
				t.Fatalf("Successes = %d, want at least 50", s.Successes)
			}
			if p50 := s.Latency.P50; p50 < tt.min || p50 > tt.max {
				t.Errorf("P50 = %s, want in [%s, %s]", p50, tt.min, tt.max)
			}
			if l := s.Latency; l.Min > l.P50 || l.P50 > l.P90 || l.P90 > l.P99 || l.P99 > l.P999 || l.P999 > l.Max {
				t.Errorf("quantiles out of order: %+v", l)
			}
		})
	}
}

// TestWindows checks that windows are delivered in order while the run goes
// on, equal the returned ones, and add up.
func TestWindows(t *testing.T) {
	t.Parallel()
	var served atomic.Uint64
	srv := serve(t, func(http.ResponseWriter, *http.Request) { served.Add(1) })
	var (
		mu        sync.Mutex
		delivered []Window
		firstAt   time.Time
	)
	onWindow := func(w Window) {
		mu.Lock()
		defer mu.Unlock()
		if len(delivered) == 0 {
			firstAt = time.Now()
		}
		delivered = append(delivered, w)
	}

	s, ws := run(t, plan(srv.URL, 100, time.Second), OnWindow(onWindow))

	if len(ws) != 10 {
		t.Errorf("got %d windows, want 10", len(ws))
	}
	if diff := cmp.Diff(ws, delivered); diff != "" {
		t.Errorf("delivered windows differ from returned ones (-returned +delivered):\n%s", diff)
	}
	for i, w := range ws {
		if w.Duration() != MinWindow || (i > 0 && !w.Start.Equal(ws[i-1].End)) {
			t.Errorf("window %d spans [%s, %s), want contiguous %s windows", i, w.Start, w.End, MinWindow)
		}
	}
	if last := ws[len(ws)-1]; !firstAt.Before(last.Start) {
		t.Errorf("first window delivered at %s, not before the last one started at %s", firstAt, last.Start)
	}
	if s.Requests != served.Load() || s.Requests < 95 || s.Requests > 100 {
		t.Errorf("Requests = %d, server saw %d, want 100 (95 on a loaded machine)", s.Requests, served.Load())
	}
}

// TestConnectionReuse checks the keep-alive switch by counting the
// connections the server accepts.
func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	for _, disable := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep-alive", true: "no keep-alive"}[disable], func(t *testing.T) {
			t.Parallel()
			var conns atomic.Uint64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			p := plan(srv.URL, 100, 500*time.Millisecond)
			p.DisableKeepAlive = disable

			s, _ := run(t, p)

			reused := conns.Load() < s.Requests/2
			if s.Requests < 40 || reused == disable {
				t.Errorf("%d requests over %d connections; DisableKeepAlive = %v", s.Requests, conns.Load(), disable)
			}
		})
	}
}

// TestHTTP2 checks the HTTP/2 switch against a server speaking both.
func TestHTTP2(t *testing.T) {
	t.Parallel()
	for _, h2 := range []bool{false, true} {
		t.Run(map[bool]string{false: "http1", true: "h2c"}[h2], func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			protos := map[int]uint64{}
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				protos[r.ProtoMajor]++
			}))
			srv.Config.Protocols = new(http.Protocols)
			srv.Config.Protocols.SetHTTP1(true)
			srv.Config.Protocols.SetUnencryptedHTTP2(true)
			srv.Start()
			t.Cleanup(srv.Close)
			p := plan(srv.URL, 50, 300*time.Millisecond)
			p.HTTP2 = h2

			s, _ := run(t, p)

			major := map[bool]int{false: 1, true: 2}[h2]
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff(map[int]uint64{major: s.Requests}, protos); diff != "" {
				t.Errorf("requests by HTTP major version (-want +got):\n%s", diff)
			}
		})
	}
}
