package fault

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

// DefaultRevertTimeout bounds one Revert: every undo step together.
const DefaultRevertTimeout = 3 * time.Minute

// Undo collects the steps that revert one injection. A fault pushes each
// step before making the change it undoes; Revert runs them once, newest
// first, on a fresh context, and joins their errors. Undo is safe for
// concurrent use.
type Undo struct {
	name    string
	timeout time.Duration
	record  func(timeline.Event)

	mu       sync.Mutex
	steps    []undoStep
	reverted bool
	once     sync.Once
	err      error
	done     chan struct{}
}

type undoStep struct {
	desc string
	fn   func(context.Context) error
}

// NewUndo returns an empty Undo for the fault called name. Revert gives its
// steps timeout in all (DefaultRevertTimeout when zero) and reports to
// record (which may be nil).
func NewUndo(name string, timeout time.Duration, record func(timeline.Event)) *Undo {
	if timeout <= 0 {
		timeout = DefaultRevertTimeout
	}
	return &Undo{name: name, timeout: timeout, record: record, done: make(chan struct{})}
}

// Push adds a step. It returns ErrReverted, and the caller must not make
// its change, once Revert has started.
func (u *Undo) Push(desc string, fn func(ctx context.Context) error) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.reverted {
		return fmt.Errorf("%s: %s: %w", u.name, desc, ErrReverted)
	}
	u.steps = append(u.steps, undoStep{desc: desc, fn: fn})
	return nil
}

// Len returns the number of steps pushed.
func (u *Undo) Len() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.steps)
}

// Revert runs every step once, newest first, all of them even when some
// fail, on a context of its own: the caller's may be the one that was
// cancelled. Later calls return the first call's result.
func (u *Undo) Revert() error {
	u.once.Do(func() {
		defer close(u.done)
		u.mu.Lock()
		u.reverted = true
		steps := u.steps
		u.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), u.timeout)
		defer cancel()
		var errs []error
		descs := make([]string, 0, len(steps))
		for i := len(steps) - 1; i >= 0; i-- {
			descs = append(descs, steps[i].desc)
			if err := runStep(ctx, steps[i]); err != nil {
				errs = append(errs, fmt.Errorf("%s: undoing %s: %w", u.name, steps[i].desc, err))
			}
		}
		u.err = errors.Join(errs...)
		u.report(descs)
	})
	<-u.done
	return u.err
}

// runStep runs one step, turning a panic into an error so that the steps
// after it still run.
func runStep(ctx context.Context, s undoStep) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return s.fn(ctx)
}

func (u *Undo) report(descs []string) {
	if u.record == nil {
		return
	}
	msg := "nothing to undo"
	if len(descs) > 0 {
		msg = strings.Join(descs, "; ")
	}
	ev := timeline.Event{Kind: timeline.KindRevert, Source: u.name, Message: msg}
	if u.err != nil {
		ev.Attrs = map[string]string{"error": u.err.Error()}
	}
	u.record(ev)
}

// Done is closed once Revert has finished.
func (u *Undo) Done() <-chan struct{} { return u.done }

// RevertAfter arms a time limit: Revert runs by itself after d unless it ran
// before. The returned function disarms the limit.
func (u *Undo) RevertAfter(d time.Duration) (stop func() bool) {
	t := time.AfterFunc(d, func() { _ = u.Revert() })
	return t.Stop
}
