package harness

import (
	"errors"
	"sync"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Ledger holds the Undo of every injection of a run so that all of them
// are reverted whatever ends the run: its normal end, a panic, a cancelled
// context (SIGINT, SIGTERM), a timeout or a failed test. Run keeps one; a
// test that injects faults by hand can too, with RevertAll in t.Cleanup.
type Ledger struct {
	record  func(timeline.Event)
	timeout time.Duration

	mu      sync.Mutex
	entries []*fault.Undo
	stops   []func() bool
}

// NewLedger returns an empty ledger whose undos report to record (nil
// drops the events) and give their steps timeout in all.
func NewLedger(record func(timeline.Event), timeout time.Duration) *Ledger {
	return &Ledger{record: record, timeout: timeout}
}

// Arm returns a new Undo for a fault about to be injected, already in the
// ledger: pass it to Inject. A positive limit reverts it by itself after
// that long, even if nobody calls RevertAll.
func (l *Ledger) Arm(name string, limit time.Duration) *fault.Undo {
	u := fault.NewUndo(name, l.timeout, l.record)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, u)
	if limit > 0 {
		l.stops = append(l.stops, u.RevertAfter(limit))
	}
	return u
}

// RevertAll reverts every undo of the ledger, newest first, each once
// (undos already reverted return their first result), and joins the
// errors. The ledger can be used again afterwards.
func (l *Ledger) RevertAll() error {
	l.mu.Lock()
	entries, stops := l.entries, l.stops
	l.entries, l.stops = nil, nil
	l.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
	var errs []error
	for i := len(entries) - 1; i >= 0; i-- {
		errs = append(errs, entries[i].Revert())
	}
	return errors.Join(errs...)
}

// Len returns the number of undos not yet swept by RevertAll.
func (l *Ledger) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}
