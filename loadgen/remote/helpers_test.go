package remote

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golive/resilience/loadgen"
)

// target starts a loopback HTTP server that counts the requests it serves.
func target(t *testing.T) (*httptest.Server, *atomic.Uint64) {
	t.Helper()
	var n atomic.Uint64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { n.Add(1) }))
	t.Cleanup(srv.Close)
	return srv, &n
}

// attacker starts a Server behind a real HTTP server; cleanup stops its run.
func attacker(t *testing.T, opts ...ServerOption) (*httptest.Server, *Client) {
	t.Helper()
	s := NewServer(opts...)
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("stopping attacker: %v", err)
		}
		srv.Close()
	})
	return srv, NewClient(srv.URL, srv.Client())
}

// fleet starts n attackers named attacker-0, attacker-1, ...
func fleet(t *testing.T, n int) ([]*httptest.Server, []Attacker) {
	t.Helper()
	srvs := make([]*httptest.Server, n)
	as := make([]Attacker, n)
	for i := range n {
		var c *Client
		srvs[i], c = attacker(t)
		as[i] = Attacker{Name: "attacker-" + string(rune('0'+i)), Client: c}
	}
	return srvs, as
}

// constant returns a plan of rate requests per second at url.
func constant(url string, rate int, window, d time.Duration) loadgen.Plan {
	return loadgen.Plan{
		Targets:  []loadgen.Target{{URL: url}},
		Pacing:   loadgen.Constant{Rate: loadgen.PerSecond(rate)},
		Duration: d,
		Window:   window,
	}
}

// specOf returns the spec of p, failing t on error.
func specOf(t *testing.T, p loadgen.Plan) PlanSpec {
	t.Helper()
	s, err := SpecOf(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readAll polls c every 20ms until its run is done and returns its windows.
func readAll(t *testing.T, c *Client) []loadgen.Window {
	t.Helper()
	var ws []loadgen.Window
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		b, err := c.Windows(t.Context(), len(ws))
		if err != nil {
			t.Fatalf("reading windows: %v", err)
		}
		if b.First() != len(ws) {
			t.Fatalf("asked for window %d, got %d on", len(ws), b.First())
		}
		ws = append(ws, b.Windows...)
		if b.Done {
			return ws
		}
		<-tick.C
	}
}
