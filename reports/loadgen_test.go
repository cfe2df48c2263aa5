package reports

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/golive/resilience/loadgen"
)

// foldedWindow folds 100 requests, 1 ms to 100 ms, 3 of them failing, into
// one real loadgen window.
func foldedWindow(t *testing.T) loadgen.Window {
	t.Helper()
	f := loadgen.NewFolder(fixtureStart, time.Second, nil)
	for i := range 100 {
		r := &vegeta.Result{Timestamp: fixtureStart.Add(time.Duration(i) * time.Millisecond),
			Code: 200, Latency: time.Duration(i+1) * time.Millisecond, BytesIn: 10, BytesOut: 1}
		switch i {
		case 10:
			r.Code, r.Latency = 503, time.Millisecond
		case 20, 30:
			r.Code, r.Error, r.Latency = 0, "read tcp: connection reset by peer", time.Millisecond
		}
		f.Add(r)
	}
	ws := f.Close(fixtureStart.Add(time.Second))
	if len(ws) != 1 {
		t.Fatalf("folded %d windows, want 1", len(ws))
	}
	return ws[0]
}

func TestWindowFrom(t *testing.T) {
	t.Parallel()
	lw := foldedWindow(t)
	got := WindowFrom(lw)
	want := Window{
		Start: fixtureStart, Duration: time.Second, Requests: 100,
		Codes:  map[int]uint64{0: 2, 200: 97, 503: 1},
		Errors: map[string]uint64{"5xx": 1, "reset": 2},
		P50:    lw.Latency.Quantile(0.5), P90: lw.Latency.Quantile(0.9), P99: lw.Latency.Quantile(0.99),
		Max: 100 * time.Millisecond, BytesIn: lw.BytesIn, BytesOut: lw.BytesOut,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WindowFrom (-want +got):\n%s", diff)
	}
	if got.P50 < 40*time.Millisecond || got.P50 > 60*time.Millisecond || got.P99 < 95*time.Millisecond {
		t.Errorf("quantiles p50 %v, p99 %v: want about 50 ms and 99 ms", got.P50, got.P99)
	}
}

func TestLoadSummaryFrom(t *testing.T) {
	t.Parallel()
	lw := foldedWindow(t)
	s := loadgen.Summarize([]loadgen.Window{lw}, time.Time{}, time.Time{})
	got := LoadSummaryFrom(s)
	want := LoadSummary{
		Requests: 100, Judged: 100, Successes: 97, Availability: 0.97, Rate: 100,
		P50: s.Latency.P50, P90: s.Latency.P90, P99: s.Latency.P99, Max: 100 * time.Millisecond,
		HasLatency: true, Errors: map[string]uint64{"5xx": 1, "reset": 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadSummaryFrom (-want +got):\n%s", diff)
	}
	// Derived from the compact window, the counts agree and latency is unknown.
	derived := summarizeWindows([]Window{WindowFrom(lw)}, fixtureStart, fixtureStart.Add(time.Second))
	want.P50, want.P90, want.P99, want.Max, want.HasLatency = 0, 0, 0, 0, false
	if diff := cmp.Diff(want, derived); diff != "" {
		t.Errorf("summary derived from windows (-want +got):\n%s", diff)
	}
}
