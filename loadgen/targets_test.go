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

	if s.Requests != 80 {
		t.Fatalf("Requests = %d, want 80", s.Requests)
	}
	want := map[string]int{"GET /a  ": 60, "POST /b yes hi": 20}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("requests seen by the server (-want +got):\n%s", diff)
	}
	if s.BytesOut != 20*2 {
		t.Errorf("BytesOut = %d, want 40", s.BytesOut)
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
	if diff := cmp.Diff([]uint64{10, 50}, got); diff != "" {
		t.Errorf("requests per window (-want +got):\n%s", diff)
	}
}
