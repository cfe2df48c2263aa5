package timeline

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Events returns the events kept, oldest first, that match every filter.
func (t *Timeline) Events(filters ...func(Event) bool) []Event {
	t.mu.Lock()
	all := t.events.all()
	t.mu.Unlock()
	sort.SliceStable(all, func(i, j int) bool { return all[i].Time.Before(all[j].Time) })
	out := all[:0]
next:
	for _, e := range all {
		for _, f := range filters {
			if !f(e) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// OfKind is an Events filter keeping the given kinds.
func OfKind(kinds ...Kind) func(Event) bool {
	return func(e Event) bool {
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
		return false
	}
}

// FromSource is an Events filter keeping events recorded by source.
func FromSource(source string) func(Event) bool {
	return func(e Event) bool { return e.Source == source }
}

// Between is an Events filter keeping events in [from, to); a zero bound
// leaves that side open.
func Between(from, to time.Time) func(Event) bool {
	return func(e Event) bool {
		return (from.IsZero() || !e.Time.Before(from)) && (to.IsZero() || e.Time.Before(to))
	}
}

// Series returns the samples of one series, oldest first.
func (t *Timeline) Series(name string) []Sample {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.series[name]; ok {
		return r.all()
	}
	return nil
}

// SeriesNames lists the series recorded, sorted.
func (t *Timeline) SeriesNames() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return sortedKeys(t.series)
}

// Latest returns the last value of a series.
func (t *Timeline) Latest(name string) (float64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.series[name]; ok {
		if s, ok := r.last(); ok {
			return s.Value, true
		}
	}
	return 0, false
}

// Range returns the lowest and highest value a series held during
// [from, to), counting the value it had when the range began.
func (t *Timeline) Range(name string, from, to time.Time) (lo, hi float64, ok bool) {
	for _, s := range t.Series(name) {
		if !to.IsZero() && !s.Time.Before(to) {
			break
		}
		if s.Time.Before(from) {
			lo, hi, ok = s.Value, s.Value, true // the value when the range began
			continue
		}
		if !ok {
			lo, hi, ok = s.Value, s.Value, true
			continue
		}
		lo, hi = min(lo, s.Value), max(hi, s.Value)
	}
	return lo, hi, ok
}

// Windows returns the load windows kept, oldest first.
func (t *Timeline) Windows() []loadgen.Window {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.windows.all()
}

// Summarize condenses the load windows of [from, to).
func (t *Timeline) Summarize(from, to time.Time) loadgen.Summary {
	return loadgen.Summarize(t.Windows(), from, to)
}

// Phases returns the phase spans so far.
func (t *Timeline) Phases() []Span {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Span(nil), t.phases...)
}

// Span returns the last span of phase p.
func (t *Timeline) Span(p Phase) (Span, bool) {
	spans := t.Phases()
	for i := len(spans) - 1; i >= 0; i-- {
		if spans[i].Phase == p {
			return spans[i], true
		}
	}
	return Span{}, false
}

// Dropped counts what the limits made the timeline forget.
type Dropped struct {
	Events  uint64            `json:"events,omitempty"`
	Samples map[string]uint64 `json:"samples,omitempty"`
	Series  uint64            `json:"series,omitempty"`
	Windows uint64            `json:"windows,omitempty"`
}

// Dropped reports what was forgotten to keep memory bounded.
func (t *Timeline) Dropped() Dropped {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := Dropped{Events: t.events.dropped, Series: t.lostSers, Windows: t.windows.dropped}
	for name, r := range t.series {
		if r.dropped > 0 {
			if d.Samples == nil {
				d.Samples = map[string]uint64{}
			}
			d.Samples[name] = r.dropped
		}
	}
	return d
}

// MarshalJSON renders everything kept, for result files.
func (t *Timeline) MarshalJSON() ([]byte, error) {
	series := map[string][]Sample{}
	for _, name := range t.SeriesNames() {
		series[name] = t.Series(name)
	}
	return json.Marshal(struct {
		Start   time.Time           `json:"start"`
		Phases  []Span              `json:"phases"`
		Events  []Event             `json:"events"`
		Series  map[string][]Sample `json:"series"`
		Windows []loadgen.Window    `json:"windows"`
		Dropped Dropped             `json:"dropped"`
	}{t.Start(), t.Phases(), t.Events(), series, t.Windows(), t.Dropped()})
}
