package loadgen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// nearDigest compares digests by their exact parts and their p50 and p99
// within 3%: merging re-compacts the t-digest, which moves its estimates a
// little but never its count, sum, minimum or maximum.
var nearDigest = cmp.Comparer(func(a, b Digest) bool {
	near := func(x, y time.Duration) bool {
		d := x - y
		return max(d, -d) <= max(x, y)*3/100
	}
	return a.Count() == b.Count() && a.Min() == b.Min() && a.Max() == b.Max() && a.Mean() == b.Mean() &&
		near(a.Quantile(0.5), b.Quantile(0.5)) && near(a.Quantile(0.99), b.Quantile(0.99))
})

// results returns n results over 3 seconds from t0: lognormal-ish latencies
// from 1 to ~400 ms, some 503s, resets and cancellations, on 5 paths.
func results(n int) []*vegeta.Result {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]*vegeta.Result, n)
	for i := range out {
		r := &vegeta.Result{
			Timestamp: at(i * 3000 / n),
			Code:      200,
			Latency:   time.Duration(float64(time.Millisecond) * (1 + rng.ExpFloat64()*rng.ExpFloat64()*20)),
			BytesIn:   uint64(rng.IntN(100)),
			BytesOut:  1,
			URL:       fmt.Sprintf("http://127.0.0.1:8080/p%d", rng.IntN(5)),
		}
		switch rng.IntN(50) {
		case 0:
			r.Code, r.Error = 503, "503 Service Unavailable"
		case 1:
			r.Code, r.Error = 0, "read: connection reset by peer"
		case 2:
			r.Code, r.Error = 0, "context canceled"
		}
		out[i] = r
	}
	return out
}

// Merging the windows of attackers that shared the results gives the
// windows of one attacker that saw them all.
func TestMergeWindowsEqualsOneFold(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprintf("%d attackers", n), func(t *testing.T) {
			t.Parallel()
			whole := NewFolder(t0, time.Second, nil)
			parts := make([]*Folder, n)
			for i := range parts {
				parts[i] = NewFolder(t0, time.Second, nil)
			}
			for i, r := range results(6000) {
				whole.Add(r)
				parts[i%n].Add(r)
			}
			want := whole.Close(at(3000))
			got := make([][]Window, n)
			for i, f := range parts {
				got[i] = f.Close(at(3000))
			}

			for i := range want {
				var ws []Window
				for _, g := range got {
					ws = append(ws, g[i])
				}
				if diff := cmp.Diff(want[i], MergeWindows(ws...), nearDigest); diff != "" {
					t.Errorf("window %d mismatch (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

// A twin that must fail: dropping one attacker's window changes the merge.
func TestMergeWindowsMissesAPart(t *testing.T) {
	t.Parallel()
	whole, a, b := NewFolder(t0, time.Second, nil), NewFolder(t0, time.Second, nil), NewFolder(t0, time.Second, nil)
	for i, r := range results(3000) {
		whole.Add(r)
		[]*Folder{a, b}[i%2].Add(r)
	}
	want, got := whole.Close(at(3000))[0], MergeWindows(a.Close(at(3000))[0])
	if cmp.Equal(want, got, nearDigest) {
		t.Errorf("half the results merged equal all of them: %+v", got)
	}
}

func TestMergeWindows(t *testing.T) {
	t.Parallel()
	w := func(startMS, endMS int, requests uint64) Window {
		return Window{Start: at(startMS), End: at(endMS), Requests: requests, Late: 1,
			Codes: map[uint16]uint64{200: requests}, Latency: digestOf(time.Duration(requests) * time.Millisecond)}
	}
	tests := []struct {
		name string
		ws   []Window
		want Window
	}{
		{name: "none", want: Window{}},
		{name: "one is itself", ws: []Window{w(0, 1000, 3)}, want: w(0, 1000, 3)},
		{name: "empty and zero windows", ws: []Window{{}, {Start: at(0), End: at(1000)}},
			want: Window{Start: at(0), End: at(1000)}},
		{
			name: "earliest start, latest end",
			ws:   []Window{w(0, 800, 2), w(0, 1000, 4), {Start: at(0), End: at(900)}},
			want: Window{Start: at(0), End: at(1000), Requests: 6, Late: 2, Codes: map[uint16]uint64{200: 6},
				Latency: digestOf(2*time.Millisecond, 4*time.Millisecond)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, MergeWindows(tt.ws...), nearDigest); diff != "" {
				t.Errorf("MergeWindows mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Windows that each keep MaxPaths paths, but different ones, merge into
// MaxPaths paths and OtherPath, the most requested paths kept apart.
func TestMergeWindowsPathsAreBounded(t *testing.T) {
	t.Parallel()
	var ws []Window
	for a := range 3 {
		f := NewFolder(t0, time.Second, nil)
		for p := range MaxPaths + 2 { // two of them under OtherPath
			for range p + 1 { // path p has p+1 requests in each window
				f.Add(&vegeta.Result{Timestamp: at(1), Code: 200, Latency: time.Millisecond,
					URL: fmt.Sprintf("http://127.0.0.1:1/a%d/p%02d", a%2, p)})
			}
		}
		ws = append(ws, f.Close(at(1000))[0])
	}

	got := MergeWindows(ws...).Paths

	if len(got) != MaxPaths+1 {
		t.Errorf("%d paths, want %d", len(got), MaxPaths+1)
	}
	var total uint64
	for _, p := range got {
		total += p.Requests
	}
	if want := ws[0].Requests * 3; total != want {
		t.Errorf("paths hold %d requests, want %d", total, want)
	}
	// a0 is in two windows out of three: its paths are the most requested.
	for p := MaxPaths/2 - 1; p < MaxPaths; p++ {
		if _, ok := got[fmt.Sprintf("/a0/p%02d", p)]; !ok {
			t.Errorf("path /a0/p%02d merged away; paths %v", p, pathsOf(got))
		}
	}
}

// pathsOf returns m's keys in order, for messages.
func pathsOf(m map[string]PathWindow) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
