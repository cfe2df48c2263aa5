package loadgen

import (
	"fmt"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// A fast path's slowdown shows in its own p99, whatever the slow path's.
func TestPathsKeepTheirOwnLatency(t *testing.T) {
	t.Parallel()
	f := NewFolder(t0, time.Second, nil)
	for i := range 200 {
		fast := &vegeta.Result{Timestamp: at(i * 10), Code: 200, Latency: 2 * time.Millisecond, URL: "http://127.0.0.1:30080/"}
		if i%50 == 0 {
			fast.Latency = 800 * time.Millisecond // the fast path's slow tail
		}
		slow := &vegeta.Result{Timestamp: at(i * 10), Code: 200, Latency: 500 * time.Millisecond, URL: "http://127.0.0.1:30080/delay?ms=500"}
		f.Add(fast)
		f.Add(slow)
	}
	f.Add(&vegeta.Result{Timestamp: at(5), Code: 503, Error: "503", URL: "http://127.0.0.1:30080/"})
	s := Summarize(f.Close(at(2000)), time.Time{}, time.Time{})
	fast, slow := s.Paths["/"], s.Paths["/delay?ms=500"]
	if fast.Requests != 201 || fast.Successes != 200 || slow.Requests != 200 || slow.Successes != 200 {
		t.Fatalf("paths %+v", s.Paths)
	}
	if fast.Latency.P50 > 5*time.Millisecond || fast.Latency.P99 < 500*time.Millisecond {
		t.Errorf("fast path p50 %s p99 %s: want ~2ms and its 800ms tail", fast.Latency.P50, fast.Latency.P99)
	}
	if slow.Latency.P50 < 450*time.Millisecond {
		t.Errorf("slow path p50 %s", slow.Latency.P50)
	}
}

// Paths beyond MaxPaths share one bucket: windows stay bounded.
func TestPathsAreBounded(t *testing.T) {
	t.Parallel()
	f := NewFolder(t0, time.Second, nil)
	for i := range 3 * MaxPaths {
		f.Add(&vegeta.Result{Timestamp: at(i), Code: 200, Latency: time.Millisecond, URL: fmt.Sprintf("http://127.0.0.1:1/p%d", i)})
	}
	ws := f.Close(at(1000))
	if n := len(ws[0].Paths); n != MaxPaths+1 {
		t.Errorf("%d paths in a window, want %d", n, MaxPaths+1)
	}
	if o := ws[0].Paths[OtherPath]; o.Requests != 2*MaxPaths {
		t.Errorf("other: %+v, want %d requests", o, 2*MaxPaths)
	}
}

// A path's failures keep their own latency: a request that hung until the
// load's timeout is told apart from a fast error, and what callers waited
// is both together.
func TestPathsKeepTheirFailuresLatency(t *testing.T) {
	t.Parallel()
	f := NewFolder(t0, time.Second, nil)
	for i := range 100 {
		f.Add(&vegeta.Result{Timestamp: at(i * 10), Code: 200, Latency: 5 * time.Millisecond, URL: "http://127.0.0.1:30080/dependency"})
		f.Add(&vegeta.Result{Timestamp: at(i * 10), Code: 0, Error: "Client.Timeout exceeded", Latency: 10 * time.Second, URL: "http://127.0.0.1:30080/dependency"})
		f.Add(&vegeta.Result{Timestamp: at(i * 10), Code: 502, Error: "502", Latency: 2 * time.Second, URL: "http://127.0.0.1:30080/"})
	}
	s := Summarize(f.Close(at(2000)), time.Time{}, time.Time{})
	dep, fast := s.Paths["/dependency"], s.Paths["/"]
	if dep.Latency.P99 > 10*time.Millisecond || dep.FailedLatency.P50 < 9*time.Second || dep.JudgedLatency.P99 < 9*time.Second || dep.JudgedLatency.P50 > 9*time.Second {
		t.Errorf("/dependency latency %s, failed %s, judged %s: want ~5ms, 10s, and a p99 of 10s", dep.Latency, dep.FailedLatency, dep.JudgedLatency)
	}
	if fast.FailedLatency.P99 < 1900*time.Millisecond || fast.FailedLatency.P99 > 2100*time.Millisecond || fast.Latency.P99 != 0 {
		t.Errorf("/ failed latency %s, latency %s: want 2s and none", fast.FailedLatency, fast.Latency)
	}
}
