package loadgen

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestCancel checks that Run returns within 100 ms of its context being
// cancelled: while requests hang in flight, while the pacer waits a whole
// second for the next request, and while the load is high.
func TestCancel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		rate         int
		hang         bool
		wantCanceled bool
	}{
		// The hanging requests are aborted and counted as canceled.
		{name: "requests hanging in flight", rate: 20, hang: true, wantCanceled: true},
		{name: "pacer waiting a second", rate: 1},
		{name: "high rate", rate: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			arrived := make(chan struct{}, 1)
			srv := serve(t, func(_ http.ResponseWriter, r *http.Request) {
				select {
				case arrived <- struct{}{}:
				default:
				}
				if tt.hang {
					<-r.Context().Done()
				}
			})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			type outcome struct {
				ws  []Window
				err error
				at  time.Time
			}
			done := make(chan outcome, 1)
			go func() {
				ws, err := Run(ctx, plan(srv.URL, tt.rate, 0)) // no duration: until cancelled
				done <- outcome{ws, err, time.Now()}
			}()
			select {
			case <-arrived:
			case <-time.After(10 * time.Second):
				t.Fatal("no request reached the server")
			}

			cancelled := time.Now()
			cancel()
			got := <-done

			if got.err != nil {
				t.Fatalf("Run() error = %v", got.err)
			}
			if d := got.at.Sub(cancelled); d > 100*time.Millisecond {
				t.Errorf("Run returned %s after cancel, want within 100ms", d)
			}
			s := Summarize(got.ws, time.Time{}, time.Time{})
			if s.Requests == 0 {
				t.Errorf("no requests counted")
			}
			canceled := s.Errors[ClassCanceled]
			if tt.wantCanceled && canceled == 0 {
				t.Errorf("no request counted as canceled, want those in flight")
			}
			if s.Judged != s.Requests-canceled {
				t.Errorf("Judged = %d, want %d requests less %d canceled", s.Judged, s.Requests, canceled)
			}
		})
	}
}
