package loadgen

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

func ok(ms int, latency time.Duration) *vegeta.Result {
	return &vegeta.Result{Timestamp: at(ms), Code: 200, Latency: latency, BytesIn: 10, BytesOut: 1}
}

// latencyOnly compares digests by their exact parts.
var latencyOnly = cmp.Comparer(func(a, b Digest) bool {
	return a.Count() == b.Count() && a.Min() == b.Min() && a.Max() == b.Max() && a.Mean() == b.Mean()
})

func digestOf(ls ...time.Duration) Digest {
	b := newDigestBuilder()
	for _, l := range ls {
		b.add(l)
	}
	return b.finish()
}

func TestFolder(t *testing.T) {
	t.Parallel()
	f := NewFolder(t0, time.Second, nil)
	for _, r := range []*vegeta.Result{
		ok(100, 10*time.Millisecond),
		{Timestamp: at(500), Code: 503, Error: "503 Service Unavailable", Latency: time.Millisecond},
		{Timestamp: at(1200), Error: "read: connection reset by peer", Latency: time.Millisecond},
		ok(2900, 30*time.Millisecond),
		ok(999, 20*time.Millisecond),
	} {
		f.Add(r)
	}

	got := f.Close(at(2500)) // cut short, but not before the last request

	want := []Window{{
		Start: at(0), End: at(1000), Requests: 3, BytesIn: 20, BytesOut: 2,
		Codes:   map[uint16]uint64{200: 2, 503: 1},
		Errors:  map[Class]uint64{ClassHTTP5xx: 1},
		Latency: digestOf(10*time.Millisecond, 20*time.Millisecond),
	}, {
		Start: at(1000), End: at(2000), Requests: 1,
		Codes:  map[uint16]uint64{0: 1},
		Errors: map[Class]uint64{ClassReset: 1},
	}, {
		Start: at(2000), End: at(2900).Add(time.Nanosecond), Requests: 1, BytesIn: 10, BytesOut: 1,
		Codes:   map[uint16]uint64{200: 1},
		Latency: digestOf(30 * time.Millisecond),
	}}
	if diff := cmp.Diff(want, got, latencyOnly); diff != "" {
		t.Errorf("windows mismatch (-want +got):\n%s", diff)
	}
}

func TestFolderLateAndEmpty(t *testing.T) {
	t.Parallel()
	var delivered []time.Time
	f := NewFolder(t0, time.Second, func(w Window) { delivered = append(delivered, w.Start) })
	f.Add(ok(100, time.Millisecond))
	f.CloseBefore(at(2000)) // closes [0,1) and the empty [1,2)
	f.Add(ok(500, time.Millisecond))

	got := f.Close(at(2500))

	want := []Window{
		{Start: at(0), End: at(1000), Requests: 1, BytesIn: 10, BytesOut: 1, Codes: map[uint16]uint64{200: 1}, Latency: digestOf(time.Millisecond)},
		{Start: at(1000), End: at(2000)},
		{Start: at(2000), End: at(2500), Requests: 1, Late: 1, BytesIn: 10, BytesOut: 1, Codes: map[uint16]uint64{200: 1}, Latency: digestOf(time.Millisecond)},
	}
	if diff := cmp.Diff(want, got, latencyOnly); diff != "" {
		t.Errorf("windows mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Time{at(0), at(1000), at(2000)}, delivered); diff != "" {
		t.Errorf("delivery mismatch (-want +got):\n%s", diff)
	}
	if got := NewFolder(t0, time.Second, nil).Close(t0); len(got) != 0 {
		t.Errorf("Close at start = %v, want no windows", got)
	}
}

// TestWindowJSON checks that windows survive a JSON round trip whole,
// latency digest included.
func TestWindowJSON(t *testing.T) {
	t.Parallel()
	f := NewFolder(t0, time.Second, nil)
	for i := range 5000 {
		f.Add(ok(i%2000, time.Duration(i%97)*time.Millisecond))
	}
	f.Add(&vegeta.Result{Timestamp: at(3), Error: "EOF"})
	want := f.Close(at(2000))

	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got []Window
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if q := got[0].Latency.Quantile(0.5); q < 45*time.Millisecond || q > 51*time.Millisecond {
		t.Errorf("median after round trip = %s, want about 48ms", q)
	}
}
