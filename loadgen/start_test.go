package loadgen

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Runs started at different moments with one StartAt send nothing before
// it and close windows with the same boundaries, from it.
func TestStartAtAlignsWindows(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		first time.Time
	)
	srv := serve(t, func(http.ResponseWriter, *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if first.IsZero() {
			first = time.Now()
		}
	})
	start := time.Now().Add(300 * time.Millisecond).Round(0)
	runs := make([][]Window, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 70 * time.Millisecond) // the second run starts later
			runs[i], errs[i] = Run(t.Context(), plan(srv.URL, 50, 500*time.Millisecond), StartAt(start))
		})
	}
	wg.Wait()

	if first.Before(start) {
		t.Errorf("first request at %s, before the start %s", first, start)
	}
	for i, ws := range runs {
		if errs[i] != nil || len(ws) != 5 {
			t.Fatalf("run %d: %d windows, %v; want 5", i, len(ws), errs[i])
		}
		var n uint64
		for j, w := range ws {
			n += w.Requests
			if want := start.Add(time.Duration(j) * MinWindow); !w.Start.Equal(want) || w.Duration() != MinWindow {
				t.Errorf("run %d window %d: [%s, %s), want %s from %s", i, j, w.Start, w.End, MinWindow, want)
			}
		}
		if n != 25 {
			t.Errorf("run %d sent %d requests, want 25", i, n)
		}
	}
}

// A run that begins after its StartAt starts its windows there, but sends
// at the plan's rate from the moment it begins, without a burst to catch up.
func TestStartAtPassedDoesNotBurst(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(http.ResponseWriter, *http.Request) {})
	start := time.Now().Add(-500 * time.Millisecond).Round(0)

	_, ws := run(t, plan(srv.URL, 100, time.Second), StartAt(start))

	if len(ws) != 10 || !ws[0].Start.Equal(start) {
		t.Fatalf("%d windows from %s, want 10 from %s", len(ws), ws[0].Start, start)
	}
	var n uint64
	for i, w := range ws {
		n += w.Requests
		if w.Requests > 12 || (i < 4 && w.Requests > 0) {
			t.Errorf("window %d: %d requests, want none before the run began and 10 a window after", i, w.Requests)
		}
	}
	if n < 40 || n > 55 {
		t.Errorf("%d requests, want about 50: the second half of the plan", n)
	}
}

// Cancelled while it waits for its start, Run returns at once, having sent
// nothing.
func TestStartAtCancelled(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(http.ResponseWriter, *http.Request) { t.Error("a request was sent") })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	began := time.Now()

	ws, err := Run(ctx, plan(srv.URL, 100, 0), StartAt(time.Now().Add(time.Hour)))

	if err != nil || len(ws) != 0 {
		t.Errorf("Run() = %d windows, %v; want none, nil", len(ws), err)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("Run returned after %s, want at the cancellation", d)
	}
}
