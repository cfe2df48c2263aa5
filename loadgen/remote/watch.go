package remote

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/golive/resilience/loadgen"
)

// event is what a watcher tells the merge: windows from the member's next
// one on, and whether the member is done or lost. A watcher's last event
// has done or lost set.
type event struct {
	i       int
	windows []loadgen.Window
	done    bool
	lost    error
}

// watcher polls one attacker for its windows and passes them on.
type watcher struct {
	f    *Fleet
	i    int
	a    Attacker
	out  chan<- event
	quit <-chan struct{} // closed when the merge is gone
	next int             // index of the next window to ask for
	gone bool            // the merge was gone: nobody reads on
	// heard is when any attacker of the run last answered (Unix ns).
	heard *atomic.Int64
}

// run polls every Poll until the attacker is done or lost, or ctx ends;
// then it stops the attacker and reads its last windows.
//
// A poll that fails or hangs counts as silence; the attacker is lost once
// every poll has failed for Lost while another attacker answered since its
// silence began, or for Unreachable when none did (the way to them is down,
// not they). A refusal (an answer of 4xx) or a failed run loses it at once.
func (w *watcher) run(ctx context.Context) {
	lost, unreachable := or(w.f.Lost, DefaultLost), or(w.f.Unreachable, DefaultUnreachable)
	tick := time.NewTicker(or(w.f.Poll, DefaultPoll))
	defer tick.Stop()
	defer func() {
		if w.gone { // Run panicked: its load must not go on
			w.f.stop(w.a)
		}
	}()
	var silent time.Time // when the first poll of those failing since the last answer began
	for {
		select {
		case <-ctx.Done():
			w.drain(tick)
			return
		case <-tick.C:
		}
		began := time.Now()
		pctx, cancel := context.WithTimeout(ctx, lost)
		b, err := w.a.Client.Windows(pctx, w.next)
		cancel()
		switch {
		case ctx.Err() != nil: // cut short by the end of the run
		case err == nil:
			silent = time.Time{}
			w.heard.Store(time.Now().UnixNano())
			if !w.deliver(b) || b.Done {
				return
			}
		case refused(err):
			w.lose(err, true)
			return
		default:
			if silent.IsZero() {
				silent = began
			}
			others := time.Unix(0, w.heard.Load()).After(silent)
			if d := time.Since(silent); (d >= lost && others) || d >= unreachable {
				w.lose(fmt.Errorf("silent for %s: %w", d.Round(time.Millisecond), err), true)
				return
			}
		}
	}
}

// drain stops the attacker and reads its windows up to the last one.
func (w *watcher) drain(tick *time.Ticker) {
	ctx, cancel := context.WithTimeout(context.Background(), or(w.f.Lost, DefaultLost))
	defer cancel()
	if err := w.a.Client.Stop(ctx); err != nil {
		w.lose(fmt.Errorf("stopping: %w", err), false)
		return
	}
	for {
		b, err := w.a.Client.Windows(ctx, w.next)
		if err != nil {
			w.lose(fmt.Errorf("reading its last windows: %w", err), false)
			return
		}
		if !w.deliver(b) || b.Done {
			return
		}
		if len(b.Windows) == 0 { // not expected once stopped; wait a poll
			select {
			case <-tick.C:
			case <-ctx.Done():
				w.lose(fmt.Errorf("reading its last windows: %w", ctx.Err()), false)
				return
			}
		}
	}
}

// deliver passes b's windows on, and b.Done. It reports false if b cannot
// be merged, having lost the attacker, or if the merge is gone.
func (w *watcher) deliver(b Batch) bool {
	switch {
	case b.Error != "":
		w.lose(fmt.Errorf("run failed: %s", b.Error), true)
		return false
	case b.Next < w.next:
		w.lose(fmt.Errorf("next window %d, but %d were read: it restarted", b.Next, w.next), true)
		return false
	case b.First() > w.next:
		w.lose(fmt.Errorf("%d windows dropped unread (%d in all)", b.First()-w.next, b.Dropped), true)
		return false
	}
	ws := b.Windows[w.next-b.First():]
	if len(ws) == 0 && !b.Done {
		return true
	}
	w.next = b.Next
	return w.send(event{i: w.i, windows: ws, done: b.Done})
}

// lose reports the attacker lost and, if stop, asks it to stop: one that is
// only cut off from the Fleet must not go on sending load nobody counts.
func (w *watcher) lose(err error, stop bool) {
	w.send(event{i: w.i, lost: fmt.Errorf("attacker %s: %w", w.a.Name, err)})
	if stop {
		w.f.stop(w.a)
	}
}

func (w *watcher) send(ev event) bool {
	select {
	case w.out <- ev:
		return true
	case <-w.quit:
		w.gone = true
		return false
	}
}

// refused reports whether err is an attacker's answer refusing the request,
// as opposed to a failure to reach it: a proxy's 5xx says the attacker is
// unreachable for now, a 4xx that it has no such run.
func refused(err error) bool {
	se, ok := errors.AsType[*StatusError](err)
	return ok && se.Code >= 400 && se.Code < 500 && se.Code != http.StatusTooManyRequests
}
