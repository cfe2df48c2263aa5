package timeline

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Defaults bounding a Timeline's memory.
const (
	DefaultMaxEvents  = 50000
	DefaultMaxSamples = 10000 // per series
	DefaultMaxSeries  = 1000
	DefaultMaxWindows = 86400 // a day of one-second windows
)

// Timeline is safe for concurrent use. The zero value is not usable; call New.
type Timeline struct {
	mu       sync.Mutex
	now      func() time.Time
	start    time.Time
	events   *ring[Event]
	series   map[string]*ring[Sample]
	windows  *ring[loadgen.Window]
	phases   []Span
	changed  chan struct{}
	maxSer   int
	maxSamp  int
	lostSers uint64
}

// Option configures a Timeline.
type Option func(*Timeline)

// WithClock sets the clock (time.Now by default); tests use a fake one.
func WithClock(now func() time.Time) Option { return func(t *Timeline) { t.now = now } }

// WithLimits bounds the events kept, the samples kept per series, the
// number of series and the load windows kept. The oldest go first.
func WithLimits(events, samplesPerSeries, series, windows int) Option {
	return func(t *Timeline) {
		t.events = newRing[Event](events)
		t.maxSamp, t.maxSer = max(samplesPerSeries, 1), max(series, 1)
		t.windows = newRing[loadgen.Window](windows)
	}
}

// New returns an empty timeline that starts now.
func New(opts ...Option) *Timeline {
	t := &Timeline{
		now:     time.Now,
		events:  newRing[Event](DefaultMaxEvents),
		series:  map[string]*ring[Sample]{},
		windows: newRing[loadgen.Window](DefaultMaxWindows),
		changed: make(chan struct{}),
		maxSer:  DefaultMaxSeries,
		maxSamp: DefaultMaxSamples,
	}
	for _, o := range opts {
		o(t)
	}
	t.start = t.now()
	return t
}

// Now reads the timeline's clock.
func (t *Timeline) Now() time.Time { return t.now() }

// Start is when the timeline was created.
func (t *Timeline) Start() time.Time { return t.start }

// notify wakes every Wait; t.mu must be held.
func (t *Timeline) notify() {
	close(t.changed)
	t.changed = make(chan struct{})
}

// Record appends an event, stamping it with the clock if its Time is zero.
func (t *Timeline) Record(e Event) {
	if e.Time.IsZero() {
		e.Time = t.now()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events.add(e)
	t.notify()
}

// Sample records the value of a gauge series if it differs from the last
// one recorded: series hold changes, not ticks.
func (t *Timeline) Sample(series string, v float64) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.series[series]
	if !ok {
		if len(t.series) >= t.maxSer {
			t.lostSers++
			return
		}
		r = newRing[Sample](t.maxSamp)
		t.series[series] = r
	}
	if last, ok := r.last(); ok && last.Value == v {
		return
	}
	r.add(Sample{Time: now, Value: v})
	t.notify()
}

// AddWindow appends a load window.
func (t *Timeline) AddWindow(w loadgen.Window) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.windows.add(w)
	t.notify()
}

// BeginPhase closes the running phase, if any, and opens p; it returns the
// moment of the switch.
func (t *Timeline) BeginPhase(p Phase) time.Time {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closePhase(now)
	t.phases = append(t.phases, Span{Phase: p, Start: now})
	t.events.add(Event{Time: now, Kind: KindPhase, Source: "harness", Message: p.String()})
	t.notify()
	return now
}

// EndPhases closes the running phase.
func (t *Timeline) EndPhases() {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closePhase(now)
	t.notify()
}

func (t *Timeline) closePhase(now time.Time) {
	if n := len(t.phases); n > 0 && t.phases[n-1].End.IsZero() {
		t.phases[n-1].End = now
	}
}

// Changed returns a channel closed at the next change of the timeline.
func (t *Timeline) Changed() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.changed
}

// Wait returns nil once cond holds, evaluating it now and after every
// change of the timeline, or ctx's error when ctx ends first.
func (t *Timeline) Wait(ctx context.Context, cond func(*Timeline) bool) error {
	for {
		ch := t.Changed()
		if cond(t) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
