package clustertest

import (
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

// Recorder keeps the events faults record and logs them to the test.
type Recorder struct {
	t      testing.TB
	mu     sync.Mutex
	events []timeline.Event
}

// Record stamps, keeps and logs an event.
func (r *Recorder) Record(e timeline.Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.t.Logf("%s %-7s %-22s %v %s %v", e.Time.Format("15:04:05.000"), e.Kind, e.Source, e.Objects, e.Message, e.Attrs)
}

// Of returns the events of a kind recorded so far.
func (r *Recorder) Of(k timeline.Kind) []timeline.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []timeline.Event
	for _, e := range r.events {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// MustHave fails the test unless an event of kind k was recorded.
func (r *Recorder) MustHave(t testing.TB, k timeline.Kind, what string) []timeline.Event {
	t.Helper()
	got := r.Of(k)
	if len(got) == 0 {
		t.Errorf("no %s event recorded: %s not observed", k, what)
	}
	return got
}
