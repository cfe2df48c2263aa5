package loadgen

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestWilson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		successes, n uint64
		want         Interval
	}{
		{0, 0, Interval{0, 1}},
		{0, 10, Interval{0, 0.2775}},
		{10, 10, Interval{0.7225, 1}},
		{50, 100, Interval{0.4038, 0.5962}},
		{990, 1000, Interval{0.9817, 0.9946}},
	}
	for _, tt := range tests {
		got := Wilson(tt.successes, tt.n)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-4)); diff != "" {
			t.Errorf("Wilson(%d, %d) mismatch (-want +got):\n%s", tt.successes, tt.n, diff)
		}
	}
}

func TestEnough(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target float64
		judged uint64
		min    uint64
		want   bool
	}{
		{0.999, 1000, 1000, true},
		{0.999, 999, 1000, false},
		{0.99, 100, 100, true},
		{0.9999, 9999, 10000, false},
		{0.95, 20, 20, true},
		{0.5, 1, 2, false},
		{0, 1, 0, true},
		{0, 0, 0, false},
		{1, 1e9, math.MaxUint64, false},
	}
	for _, tt := range tests {
		if got := MinSample(tt.target); got != tt.min {
			t.Errorf("MinSample(%v) = %d, want %d", tt.target, got, tt.min)
		}
		if got := (Summary{Judged: tt.judged}).Enough(tt.target); got != tt.want {
			t.Errorf("Summary{Judged: %d}.Enough(%v) = %v, want %v", tt.judged, tt.target, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	ws := []Window{
		{Start: at(0), End: at(1000), Requests: 100, Codes: map[uint16]uint64{200: 100}, Latency: digestOf(time.Millisecond)},
		{Start: at(1000), End: at(2000), Requests: 100, Codes: map[uint16]uint64{200: 90, 0: 10},
			Errors: map[Class]uint64{ClassCanceled: 4, ClassReset: 6}, Latency: digestOf(2 * time.Millisecond)},
		{Start: at(2000), End: at(2500), Requests: 50, Codes: map[uint16]uint64{500: 50},
			Errors: map[Class]uint64{ClassHTTP5xx: 50}},
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     Summary
	}{{
		name: "all", want: Summary{
			From: at(0), To: at(2500), Windows: 3, Requests: 250, Judged: 246, Successes: 190,
			SuccessRatio: 190.0 / 246, Interval: Wilson(190, 246), Rate: 100,
			// The median of {1ms, 2ms}, interpolated.
			Latency: Latency{P50: 1500 * time.Microsecond, P90: 2 * time.Millisecond, P95: 2 * time.Millisecond,
				P99: 2 * time.Millisecond, P999: 2 * time.Millisecond, Min: time.Millisecond, Max: 2 * time.Millisecond,
				Mean: 1500 * time.Microsecond},
			Errors: map[Class]uint64{ClassCanceled: 4, ClassReset: 6, ClassHTTP5xx: 50},
			Codes:  map[uint16]uint64{200: 190, 0: 10, 500: 50},
		},
	}, {
		name: "midpoint 1.5s is in [1.4s, 2.2s), 2.25s is not", from: at(1400), to: at(2200), want: Summary{
			From: at(1000), To: at(2000), Windows: 1, Requests: 100, Judged: 96, Successes: 90,
			SuccessRatio: 90.0 / 96, Interval: Wilson(90, 96), Rate: 100,
			Latency: Latency{P50: 2 * time.Millisecond, P90: 2 * time.Millisecond, P95: 2 * time.Millisecond,
				P99: 2 * time.Millisecond, P999: 2 * time.Millisecond, Min: 2 * time.Millisecond, Max: 2 * time.Millisecond,
				Mean: 2 * time.Millisecond},
			Errors: map[Class]uint64{ClassCanceled: 4, ClassReset: 6},
			Codes:  map[uint16]uint64{200: 90, 0: 10},
		},
	}, {
		name: "nothing in range", from: at(1600), to: at(2200),
		want: Summary{Interval: Interval{0, 1}, Errors: map[Class]uint64{}, Codes: map[uint16]uint64{}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Summarize(ws, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Summarize mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
