package loadgen

import (
	"context"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// runPacer wraps a plan's pacer for one Run. It
//   - sends the first request at once, then follows the plan's pacer (vegeta's
//     pacers send their first hit one interval in), so that a constant plan of
//     d at r sends exactly d*r requests;
//   - stops before a request would start at or after the plan's end;
//   - waits on a timer it can abandon when ctx is cancelled, where the attack
//     loop's own time.Sleep could not be interrupted;
//   - records marks: marks[i] is the number of requests dispatched when
//     window i had already ended. Every request started inside window i is
//     among those, because vegeta numbers requests (Seq) in start order and
//     a request dispatched later starts later. Once all results with a Seq
//     below marks[i] are in, window i is complete.
//
// Pace is called by vegeta's attack loop only; snapshot and end by Run.
type runPacer struct {
	inner vegeta.Pacer
	start time.Time
	width time.Duration
	dur   time.Duration
	done  <-chan struct{}
	timer *time.Timer
	edge  time.Time     // end of the first window without a mark
	ready chan struct{} // signalled when marks grow or the pacer stops

	mu      sync.Mutex
	marks   []uint64
	stopped time.Time
}

var _ vegeta.Pacer = (*runPacer)(nil)

func newRunPacer(ctx context.Context, p Plan, start time.Time) *runPacer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &runPacer{
		inner: p.Pacing.Pacer(),
		start: start,
		width: p.Window,
		dur:   p.Duration,
		done:  ctx.Done(),
		timer: t,
		edge:  start.Add(p.Window),
		ready: make(chan struct{}, 1),
	}
}

// Pace implements vegeta.Pacer. It does the waiting itself and returns a
// zero wait, or stop.
func (p *runPacer) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	now := time.Now()
	elapsed := now.Sub(p.start)
	var wait time.Duration
	if hits > 0 {
		w, stop := p.inner.Pace(elapsed, hits-1)
		if stop {
			return 0, p.stop(now, hits)
		}
		wait = w
	}
	if p.dur > 0 && elapsed+wait >= p.dur {
		return 0, p.stop(p.start.Add(p.dur), hits)
	}
	if !p.sleep(now.Add(wait), hits) {
		return 0, p.stop(time.Now(), hits)
	}
	return 0, false
}

// sleep waits until t, waking at window edges to mark them. It returns false
// when the run is cancelled first.
func (p *runPacer) sleep(t time.Time, hits uint64) bool {
	for {
		now := time.Now()
		p.mark(now, hits)
		if !now.Before(t) {
			select {
			case <-p.done:
				return false
			default:
				return true
			}
		}
		p.timer.Reset(min(t.Sub(now), p.edge.Sub(now)))
		select {
		case <-p.timer.C:
		case <-p.done:
			p.timer.Stop()
			return false
		}
	}
}

// mark records hits for every window that ended by now.
func (p *runPacer) mark(now time.Time, hits uint64) {
	if now.Before(p.edge) {
		return
	}
	p.mu.Lock()
	for !now.Before(p.edge) {
		p.marks = append(p.marks, hits)
		p.edge = p.edge.Add(p.width)
	}
	p.mu.Unlock()
	p.signal()
}

// stop records that no request starts after at, and returns true.
func (p *runPacer) stop(at time.Time, hits uint64) bool {
	p.mark(time.Now(), hits)
	p.mu.Lock()
	p.stopped = at
	p.mu.Unlock()
	p.signal()
	return true
}

func (p *runPacer) signal() {
	select {
	case p.ready <- struct{}{}:
	default:
	}
}

// snapshot appends the marks recorded since len(dst) to dst.
func (p *runPacer) snapshot(dst []uint64) []uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append(dst, p.marks[len(dst):]...)
}

// end returns when the pacer stopped sending, or the zero time.
func (p *runPacer) end() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopped
}

// Rate implements vegeta.Pacer.
func (p *runPacer) Rate(elapsed time.Duration) float64 { return p.inner.Rate(elapsed) }
