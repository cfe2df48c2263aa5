package harness

import (
	"errors"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault/pod"
	"github.com/google/go-cmp/cmp"
)

func TestSchedulePlan(t *testing.T) {
	t.Parallel()
	f := pod.Delete{}
	s := time.Second
	tests := []struct {
		name    string
		sched   Schedule
		phase   time.Duration
		want    []time.Duration // offsets
		holds   []time.Duration
		wantErr error
	}{
		{name: "none", phase: 0},
		{name: "at", sched: Schedule{Steps: []Step{At(5*s, f).For(2 * s)}}, phase: 10 * s,
			want: []time.Duration{5 * s}, holds: []time.Duration{2 * s}},
		{name: "hold until the phase ends", sched: Schedule{Steps: []Step{At(4*s, f)}}, phase: 10 * s,
			want: []time.Duration{4 * s}, holds: []time.Duration{6 * s}},
		{name: "every, sorted with at", sched: Schedule{Steps: []Step{Every(3*s, f).For(s), At(4*s, f).For(s)}}, phase: 10 * s,
			want: []time.Duration{0, 3 * s, 4 * s, 6 * s, 9 * s}, holds: []time.Duration{s, s, s, s, s}},
		{name: "every, at most times", sched: Schedule{Steps: []Step{{Fault: f, At: s, Every: 2 * s, Times: 2, Hold: s}}}, phase: 10 * s,
			want: []time.Duration{s, 3 * s}, holds: []time.Duration{s, s}},
		{name: "outside", sched: Schedule{Steps: []Step{At(10*s, f)}}, phase: 10 * s, wantErr: ErrOutsidePhase},
		{name: "negative", sched: Schedule{Steps: []Step{At(-s, f)}}, phase: 10 * s, wantErr: ErrOutsidePhase},
		{name: "interval too short", sched: Schedule{Steps: []Step{Every(time.Millisecond, f)}}, phase: 10 * s, wantErr: ErrIntervalShort},
		{name: "no fault", sched: Schedule{Steps: []Step{{At: s}}}, phase: 10 * s, wantErr: ErrNoFault},
		{name: "no fault phase", sched: Schedule{Steps: []Step{At(0, f)}}, phase: 0, wantErr: ErrNoFaultPhase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := tt.sched.Plan(tt.phase)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var got, holds []time.Duration
			for i, p := range plan {
				if p.Index != i {
					t.Errorf("injection %d has index %d", i, p.Index)
				}
				got, holds = append(got, p.At), append(holds, p.Hold)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("offsets (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.holds, holds); diff != "" {
				t.Errorf("holds (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRandomScheduleIsSeeded(t *testing.T) {
	t.Parallel()
	offsets := func(seed uint64) []time.Duration {
		plan, err := Schedule{Seed: seed, Steps: []Step{Randomly(5, pod.Delete{}).For(time.Second), {Fault: pod.Kill{}, At: 2 * time.Second, Random: 3}}}.Plan(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var out []time.Duration
		for i, p := range plan {
			if p.At < 0 || p.At+p.Hold > 10*time.Second || (p.Step == 1 && p.At < 2*time.Second) {
				t.Errorf("seed %d: injection %d at %s hold %s is out of bounds", seed, i, p.At, p.Hold)
			}
			if i > 0 && p.At < plan[i-1].At {
				t.Errorf("seed %d: not sorted at %d", seed, i)
			}
			out = append(out, p.At)
		}
		return out
	}
	a, b, c := offsets(42), offsets(42), offsets(43)
	if len(a) != 8 {
		t.Fatalf("%d injections, want 8", len(a))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, other offsets (-first +second):\n%s", diff)
	}
	if cmp.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same offsets %v", a)
	}
}
