package loadgen

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestTargets checks weights, methods, headers and bodies as the server
// sees them.
func TestTargets(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]int{}
	srv := serve(t, func(_ http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		seen[r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Test")+" "+string(body)]++
	})
	p := plan(srv.URL, 200, 400*time.Millisecond)
	p.Targets = []Target{
		{URL: srv.URL + "/a", Weight: 3},
		{Method: http.MethodPost, URL: srv.URL + "/b", Header: http.Header{"X-Test": {"yes"}}, Body: []byte("hi")},
	}

	s, _ := run(t, p)

	if s.Requests < 60 || s.Requests > 80 {
		t.Fatalf("Requests = %d, want 80, or a little less on a loaded machine", s.Requests)
	}
	// The weighted round robin of 3:1 repeats a, a, b, a.
	b := int(s.Requests+1) / 4
	want := map[string]int{"GET /a  ": int(s.Requests) - b, "POST /b yes hi": b}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("requests seen by the server (-want +got):\n%s", diff)
	}
	if s.BytesOut != uint64(2*b) {
		t.Errorf("BytesOut = %d, want %d", s.BytesOut, 2*b)
	}
}

// TestStepsRun checks that a stepped plan's windows follow its steps.
func TestStepsRun(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(http.ResponseWriter, *http.Request) {})
	p := plan(srv.URL, 1, time.Second)
	p.Window = 500 * time.Millisecond
	p.Pacing = Steps{{Rate: PerSecond(20), For: 500 * time.Millisecond}, {Rate: PerSecond(100), For: time.Hour}}

	_, ws := run(t, p)

	var got []uint64
	for _, w := range ws {
		got = append(got, w.Requests)
	}
	// A pacer running late on a loaded machine may push a request over the
	// step's edge.
	near := cmp.Comparer(func(a, b uint64) bool { return a-b <= 2 || b-a <= 2 })
	if diff := cmp.Diff([]uint64{10, 50}, got, near); diff != "" {
		t.Errorf("requests per window, ±2 (-want +got):\n%s", diff)
	}
}
