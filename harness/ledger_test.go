package harness

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

func TestLedgerRevertsAllNewestFirstOnce(t *testing.T) {
	t.Parallel()
	var events []string
	l := NewLedger(func(e timeline.Event) { events = append(events, e.Source) }, time.Second)
	var calls atomic.Int32
	for _, name := range []string{"first", "second", "third"} {
		u := l.Arm(name, 0)
		err := error(nil)
		if name == "second" {
			err = errBoom
		}
		_ = u.Push("step", func(context.Context) error { calls.Add(1); return err })
	}
	if l.Len() != 3 {
		t.Fatalf("Len = %d, want 3", l.Len())
	}
	if err := l.RevertAll(); !errors.Is(err, errBoom) {
		t.Fatalf("RevertAll = %v, want the failing revert's error", err)
	}
	if err := l.RevertAll(); err != nil || calls.Load() != 3 || l.Len() != 0 {
		t.Fatalf("second RevertAll = %v, %d calls, %d left; want nil, 3, 0", err, calls.Load(), l.Len())
	}
	if want := []string{"third", "second", "first"}; len(events) != 3 || events[0] != want[0] || events[2] != want[2] {
		t.Errorf("revert order %v, want %v", events, want)
	}
}

func TestLedgerTimeLimit(t *testing.T) {
	t.Parallel()
	l := NewLedger(nil, time.Second)
	u := l.Arm("limited", 20*time.Millisecond)
	done := make(chan struct{})
	_ = u.Push("step", func(context.Context) error { close(done); return nil })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the time limit did not revert the fault")
	}
}

// A test that fails with t.FailNow (runtime.Goexit) in the middle of a
// scenario still reverts, through t.Cleanup.
func TestLedgerInCleanupAfterFailNow(t *testing.T) {
	t.Parallel()
	var reverted atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		l := NewLedger(nil, time.Second)
		defer func() { _ = l.RevertAll() }() // what t.Cleanup does for a test
		u := l.Arm("fault", 0)
		_ = u.Push("step", func(context.Context) error { reverted.Add(1); return nil })
		runtime.Goexit() // what t.FailNow does
	}()
	<-done
	if reverted.Load() != 1 {
		t.Fatalf("reverted %d times after Goexit, want 1", reverted.Load())
	}
}
