package loadgen

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// hitsPerSecond replays pacer without sleeping, for d, and counts the hits
// sent in each second.
func hitsPerSecond(p vegeta.Pacer, d time.Duration) []int {
	counts := make([]int, int(d/time.Second))
	var elapsed time.Duration
	for hits := uint64(0); ; hits++ {
		wait, stop := p.Pace(elapsed, hits)
		if elapsed += wait; stop || elapsed >= d {
			return counts
		}
		counts[elapsed/time.Second]++
	}
}

func TestPacing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		pacing Pacing
		want   []int
	}{{
		name:   "constant",
		pacing: Constant{Rate: PerSecond(50)},
		want:   []int{50, 50, 50},
	}, {
		name:   "steps, then the last step held",
		pacing: Steps{{Rate: PerSecond(10), For: time.Second}, {Rate: PerSecond(100), For: time.Second}},
		want:   []int{10, 100, 100},
	}, {
		name:   "steps in fractions of seconds",
		pacing: Steps{{Rate: PerSecond(20), For: 1500 * time.Millisecond}, {Rate: PerSecond(40), For: time.Second}},
		want:   []int{20, 10 + 20, 40},
	}, {
		name:   "ramp up, then held",
		pacing: Ramp{From: PerSecond(10), To: PerSecond(100), Over: 2 * time.Second},
		want:   []int{32, 77, 100}, // (10+55)/2 and (55+100)/2
	}, {
		name:   "ramp down",
		pacing: Ramp{From: PerSecond(100), To: PerSecond(20), Over: time.Second},
		want:   []int{60, 20, 20},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := hitsPerSecond(tt.pacing.Pacer(), time.Duration(len(tt.want))*time.Second)
			near := cmp.Comparer(func(a, b int) bool { return a-b <= 2 && b-a <= 2 })
			if diff := cmp.Diff(tt.want, got, near); diff != "" {
				t.Errorf("hits per second mismatch, ±2 (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		weights []int
		want    []int
	}{
		{[]int{1}, []int{0}},
		{[]int{1, 1}, []int{0, 1}},
		{[]int{3, 1}, []int{0, 0, 1, 0}},
		{[]int{5, 1, 1}, []int{0, 0, 1, 0, 2, 0, 0}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, schedule(tt.weights)); diff != "" {
			t.Errorf("schedule(%v) mismatch (-want +got):\n%s", tt.weights, diff)
		}
	}
}
