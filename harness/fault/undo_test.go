package fault

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/harness/timeline"
	"github.com/google/go-cmp/cmp"
)

func TestUndoRunsStepsOnceNewestFirst(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var events []timeline.Event
	u := NewUndo("test-fault", time.Second, func(e timeline.Event) { mu.Lock(); events = append(events, e); mu.Unlock() })
	var ran []string
	boom := errors.New("boom")
	push := func(name string, err error) {
		if perr := u.Push(name, func(ctx context.Context) error {
			if _, ok := ctx.Deadline(); !ok {
				t.Errorf("step %s ran without a deadline", name)
			}
			ran = append(ran, name)
			return err
		}); perr != nil {
			t.Fatal(perr)
		}
	}
	push("first", nil)
	push("second", boom)
	if err := u.Push("third", func(context.Context) error { ran = append(ran, "third"); panic("oops") }); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = u.Revert() }()
	}
	wg.Wait()

	if diff := cmp.Diff([]string{"third", "second", "first"}, ran); diff != "" {
		t.Errorf("steps ran (-want +got):\n%s", diff)
	}
	for _, err := range errs {
		if !errors.Is(err, boom) || !strings.Contains(err.Error(), "panic: oops") {
			t.Errorf("Revert = %v; want the step error and the panic joined", err)
		}
	}
	if len(events) != 1 || events[0].Kind != timeline.KindRevert || events[0].Message != "third; second; first" {
		t.Errorf("events = %+v; want one revert event", events)
	}
	if err := u.Push("late", func(context.Context) error { return nil }); !errors.Is(err, ErrReverted) {
		t.Errorf("Push after Revert = %v, want ErrReverted", err)
	}
	select {
	case <-u.Done():
	default:
		t.Error("Done not closed after Revert")
	}
}

func TestUndoRunsOnAFreshContext(t *testing.T) {
	t.Parallel()
	u := NewUndo("f", time.Second, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the caller's context is gone; the revert must still run
	_ = ctx
	var got error = errors.New("not run")
	_ = u.Push("s", func(ctx context.Context) error { got = ctx.Err(); return nil })
	if err := u.Revert(); err != nil || got != nil {
		t.Fatalf("Revert = %v, step saw ctx error %v; want nil, nil", err, got)
	}
}

func TestRevertAfterIsATimeLimit(t *testing.T) {
	t.Parallel()
	u := NewUndo("f", time.Second, nil)
	ran := make(chan struct{})
	_ = u.Push("s", func(context.Context) error { close(ran); return nil })
	u.RevertAfter(10 * time.Millisecond)
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("time limit did not revert")
	}

	v := NewUndo("g", time.Second, nil)
	_ = v.Push("s", func(context.Context) error { t.Error("disarmed limit reverted"); return nil })
	stop := v.RevertAfter(50 * time.Millisecond)
	if !stop() {
		t.Fatal("could not disarm")
	}
}
