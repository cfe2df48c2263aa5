package remote

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Fleet defaults.
const (
	// DefaultPoll is how often a Fleet asks each attacker for its windows.
	DefaultPoll = 250 * time.Millisecond
	// DefaultLost is how long an attacker may stay silent while another
	// answers before a Fleet gives it up; it also bounds each request to an
	// attacker.
	DefaultLost = 10 * time.Second
	// DefaultUnreachable is how long every attacker may stay silent at once
	// before a Fleet gives them up: the way to them is down (a frozen API
	// server, whose pod proxy carries the windows), not the attackers, and
	// they keep their windows until it is back.
	DefaultUnreachable = 2 * time.Minute
	// DefaultLead is how far ahead of the call to Run the attackers'
	// common start time is set: long enough for every attacker to get its
	// share before it.
	DefaultLead = 2 * time.Second
)

var (
	// ErrNoAttackers: the Fleet has no attackers.
	ErrNoAttackers = errors.New("fleet has no attackers")
	// ErrAllLost: every attacker of a run was lost, so no load is left.
	ErrAllLost = errors.New("every attacker was lost")
)

// Attacker is one member of a Fleet.
type Attacker struct {
	// Name names the attacker in errors and to OnLost: its pod's name.
	Name   string
	Client *Client
}

// Fleet sends a plan's load from several attackers and merges their windows
// into one stream. The zero values of its optional fields select the
// defaults. A Fleet may run one plan at a time.
type Fleet struct {
	// Attackers share the load.
	Attackers []Attacker
	// Poll is how often each attacker is asked for its windows; zero means
	// DefaultPoll. A merged window is emitted within about Poll of the
	// slowest attacker's closing it. Keep it well under the attackers'
	// orphan time (DefaultOrphan), after which an unread run stops.
	Poll time.Duration
	// Lost is how long an attacker may stay silent (every request to it
	// failing or hanging) before it is lost; zero means DefaultLost.
	Lost time.Duration
	// Hosts are the hosts the plan's targets may name besides loopback: the
	// target's in-cluster Service name or ClusterIP. Nothing else is
	// allowed.
	Hosts []string
	// OnLost, if not nil, is called once for each lost attacker, from Run's
	// goroutine, with its share of the plan's rate (0 to 1) and why it was
	// lost. It must return quickly: the merge waits for it.
	OnLost func(name string, share float64, err error)
	// Unreachable is how long all of them may be silent at once; zero
	// means DefaultUnreachable. It must stay under the attackers' orphan
	// time (DefaultOrphan).
	Unreachable time.Duration
	// Lead is how far in the future the attackers' common start time is
	// set; zero means DefaultLead.
	Lead time.Duration
	// Logger, if not nil, receives the run's progress; by default the
	// Fleet does not log.
	Logger *slog.Logger
}

// member is an attacker in one run, and the windows it has sent that are
// not yet merged; it is used by Run's goroutine only.
type member struct {
	Attacker
	spec    PlanSpec
	share   float64
	pending []loadgen.Window // windows next-len(pending) to next-1
	next    int
	live    bool // still watched: its windows are awaited
}

// Run sends plan's load from the attackers until ctx ends (or the plan's
// Duration has passed) and calls emit, from Run's goroutine, with one merged
// window per window period, in order, as soon as every live attacker has
// closed it. It has the shape of harness.LoadFunc.
//
// The plan's Pacing must be loadgen.Constant. Its rate is split into whole
// requests per second (PlanSpec.Split): a rate below the number of
// attackers uses only as many attackers as it has requests per second, the
// first ones. Every attacker starts at the same time, Lead from now, so that
// their windows share boundaries.
//
// An attacker whose run fails, that refuses a request, whose windows were
// dropped unread or that stays silent for Lost is lost: OnLost is called
// once, the Fleet asks it to stop, and the merge goes on without it (the
// windows it had sent still count). When ctx ends Run stops every attacker,
// emits their last windows and returns nil. Its error reports a plan that
// cannot be split, an attacker that refused to start (the others are then
// stopped), or that every attacker was lost.
func (f *Fleet) Run(ctx context.Context, plan loadgen.Plan, emit func(loadgen.Window)) error {
	if len(f.Attackers) == 0 {
		return ErrNoAttackers
	}
	for _, a := range f.Attackers {
		if a.Client == nil {
			return fmt.Errorf("attacker %s: no client", a.Name)
		}
	}
	spec, err := SpecOf(plan)
	if err != nil {
		return fmt.Errorf("splitting plan: %w", err)
	}
	if err := plan.ValidateHosts(f.Hosts...); err != nil {
		return fmt.Errorf("validating plan: %w", err)
	}
	spec.Hosts = f.Hosts
	spec.Start = time.Now().Add(or(f.Lead, DefaultLead)).Round(0)
	shares := spec.Split(len(f.Attackers))
	members := make([]*member, len(shares))
	for i, s := range shares {
		members[i] = &member{Attacker: f.Attackers[i], spec: s, share: float64(s.Freq) / float64(sumFreq(shares)), live: true}
	}
	f.logger().InfoContext(ctx, "starting attackers", "attackers", len(members), "of", len(f.Attackers), "rate", plan.Pacing, "start", spec.Start)
	if err := f.start(ctx, members); err != nil || ctx.Err() != nil {
		return err
	}
	return f.merge(ctx, members, emit)
}

// sumFreq returns the Freq of the rate ss split.
func sumFreq(ss []PlanSpec) int {
	n := 0
	for _, s := range ss {
		n += s.Freq
	}
	return n
}

// start starts every member. If any fails, it stops the others, but not
// one that refused: its run, if it has one, is not this Fleet's.
func (f *Fleet) start(ctx context.Context, ms []*member) error {
	errs := make([]error, len(ms))
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, or(f.Lost, DefaultLost))
			defer cancel()
			if err := m.Client.Start(ctx, m.spec); err != nil {
				errs[i] = fmt.Errorf("attacker %s: starting: %w", m.Name, err)
			}
		})
	}
	wg.Wait()
	err := errors.Join(errs...)
	if err == nil && ctx.Err() == nil {
		return nil
	}
	for i, m := range ms {
		if errs[i] == nil || !refused(errs[i]) { // one whose answer was lost may have started
			wg.Go(func() { f.stop(m.Attacker) })
		}
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil // the load was over before it began
	}
	return err
}

// stop asks an attacker to stop, on a context of its own: the run's may be
// the thing that ended.
func (f *Fleet) stop(a Attacker) {
	ctx, cancel := context.WithTimeout(context.Background(), or(f.Lost, DefaultLost))
	defer cancel()
	if err := a.Client.Stop(ctx); err != nil {
		f.logger().Warn("stopping attacker", "attacker", a.Name, "error", err)
	}
}

// merge watches every member until each is done or lost, emitting merged
// windows as they become complete.
func (f *Fleet) merge(ctx context.Context, ms []*member, emit func(loadgen.Window)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan event)
	quit := make(chan struct{})
	var heard atomic.Int64 // when any attacker last answered, in Unix nanoseconds
	heard.Store(time.Now().UnixNano())
	defer close(quit) // releases the watchers if emit panics
	var wg sync.WaitGroup
	for i, m := range ms {
		w := &watcher{f: f, i: i, a: m.Attacker, out: events, quit: quit, heard: &heard}
		wg.Go(func() { w.run(ctx) })
	}
	var lost []error
	emitted := 0
	for watching := len(ms); watching > 0; {
		ev := <-events
		m := ms[ev.i]
		m.pending = append(m.pending, ev.windows...)
		m.next += len(ev.windows)
		if ev.done || ev.lost != nil {
			m.live = false
			watching--
		}
		if ev.lost != nil {
			lost = append(lost, ev.lost)
			f.logger().WarnContext(ctx, "attacker lost", "attacker", m.Name, "share", m.share, "error", ev.lost)
			if f.OnLost != nil {
				f.OnLost(m.Name, m.share, ev.lost)
			}
		}
		emitted = emitReady(ms, emitted, emit)
	}
	wg.Wait()
	if len(lost) == len(ms) {
		return fmt.Errorf("%w: %w", ErrAllLost, errors.Join(lost...))
	}
	f.logger().InfoContext(ctx, "attackers done", "windows", emitted, "lost", len(lost))
	return nil
}

// emitReady emits, from window i on, each window that no live member still
// owes, and returns the index of the next window to emit.
func emitReady(ms []*member, i int, emit func(loadgen.Window)) int {
	for {
		n := 0
		for _, m := range ms {
			switch {
			case m.next > i:
				n++
			case m.live:
				return i
			}
		}
		if n == 0 {
			return i
		}
		ws := make([]loadgen.Window, 0, n)
		for _, m := range ms {
			if m.next > i { // its window i is pending[0]: earlier ones were taken
				ws = append(ws, m.pending[0])
				m.pending = slices.Delete(m.pending, 0, 1)
			}
		}
		emit(loadgen.MergeWindows(ws...))
		i++
	}
}

func (f *Fleet) logger() *slog.Logger {
	if f.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Logger
}

// or returns d, or def if d is zero.
func or(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
