package timeline

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClock advances by one second on every read.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestRingKeepsTheNewest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cap, add int
		want     []int
		last     int
		dropped  uint64
	}{
		{name: "empty", cap: 3, add: 0, want: []int{}},
		{name: "not full", cap: 3, add: 2, want: []int{0, 1}, last: 1},
		{name: "exactly full", cap: 3, add: 3, want: []int{0, 1, 2}, last: 2},
		{name: "wrapped", cap: 3, add: 5, want: []int{2, 3, 4}, last: 4, dropped: 2},
		{name: "wrapped to start", cap: 3, add: 6, want: []int{3, 4, 5}, last: 5, dropped: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRing[int](tt.cap)
			for i := range tt.add {
				r.add(i)
			}
			if diff := cmp.Diff(tt.want, r.all()); diff != "" {
				t.Errorf("all() (-want +got):\n%s", diff)
			}
			if last, ok := r.last(); ok != (tt.add > 0) || last != tt.last {
				t.Errorf("last() = %d, %v; want %d", last, ok, tt.last)
			}
			if r.dropped != tt.dropped {
				t.Errorf("dropped = %d, want %d", r.dropped, tt.dropped)
			}
		})
	}
}

func TestSampleRecordsChangesOnly(t *testing.T) {
	t.Parallel()
	c := &fakeClock{t: t0}
	tl := New(WithClock(c.now)) // start = t0+1s
	for _, v := range []float64{3, 3, 2, 2, 3} {
		tl.Sample("pods/ready", v)
	}
	want := []Sample{
		{Time: t0.Add(2 * time.Second), Value: 3},
		{Time: t0.Add(4 * time.Second), Value: 2},
		{Time: t0.Add(6 * time.Second), Value: 3},
	}
	if diff := cmp.Diff(want, tl.Series("pods/ready")); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	lo, hi, ok := tl.Range("pods/ready", t0.Add(3*time.Second), t0.Add(5*time.Second))
	if !ok || lo != 2 || hi != 3 {
		t.Errorf("Range = %v, %v, %v; want 2, 3, true", lo, hi, ok)
	}
	if v, _ := tl.Latest("pods/ready"); v != 3 {
		t.Errorf("Latest = %v, want 3", v)
	}
}

func TestLimitsBoundMemory(t *testing.T) {
	t.Parallel()
	tl := New(WithLimits(2, 2, 1, 1))
	for i := range 5 {
		tl.Record(Event{Message: "e"})
		tl.Sample("a", float64(i))
		tl.Sample("b", float64(i))
	}
	want := Dropped{Events: 3, Samples: map[string]uint64{"a": 3}, Series: 5}
	if diff := cmp.Diff(want, tl.Dropped()); diff != "" {
		t.Errorf("Dropped (-want +got):\n%s", diff)
	}
	if n := len(tl.Events()); n != 2 {
		t.Errorf("kept %d events, want 2", n)
	}
}

func TestPhasesAndFilters(t *testing.T) {
	t.Parallel()
	c := &fakeClock{t: t0}
	tl := New(WithClock(c.now))
	tl.BeginPhase(PhaseBaseline)                     // t0+2
	tl.Record(Event{Kind: KindInject, Message: "x"}) // t0+3
	fault := tl.BeginPhase(PhaseFault)               // t0+4
	tl.Record(Event{Kind: KindRevert, Message: "y"}) // t0+5
	tl.EndPhases()                                   // t0+6
	if !fault.Equal(t0.Add(4 * time.Second)) {
		t.Fatalf("fault began at %v", fault)
	}
	s, ok := tl.Span(PhaseFault)
	if !ok || !s.End.Equal(t0.Add(6*time.Second)) || !s.Contains(t0.Add(5*time.Second)) || s.Contains(t0.Add(6*time.Second)) {
		t.Errorf("fault span = %+v", s)
	}
	got := tl.Events(OfKind(KindInject, KindRevert), Between(s.Start, s.End))
	if len(got) != 1 || got[0].Message != "y" {
		t.Errorf("events in fault phase = %+v, want only the revert", got)
	}
}

func TestWaitWakesOnChange(t *testing.T) {
	t.Parallel()
	tl := New()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- tl.Wait(ctx, func(tl *Timeline) bool { v, _ := tl.Latest("x"); return v >= 2 })
	}()
	tl.Sample("x", 1)
	tl.Sample("x", 2)
	if err := <-done; err != nil {
		t.Fatalf("Wait = %v", err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if err := tl.Wait(short, func(*Timeline) bool { return false }); err == nil {
		t.Fatal("Wait on a condition that never holds returned nil")
	}
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	c := &fakeClock{t: t0}
	tl := New(WithClock(c.now))
	tl.Record(Event{Kind: KindEffect, Source: "pod-delete", Objects: []Ref{{Kind: "pod", Namespace: "ns", Name: "p"}}})
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Events []struct {
			Kind    string
			Objects []Ref
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 1 || got.Events[0].Kind != "effect" || got.Events[0].Objects[0].String() != "pod/ns/p" {
		t.Errorf("decoded %s", b)
	}
}
