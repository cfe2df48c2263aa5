package harness

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/golive/resilience/harness/fault"
)

// MinInterval is the shortest repeat interval a Step may ask for.
const MinInterval = 100 * time.Millisecond

// Schedule says when which faults are injected during the fault phase.
type Schedule struct {
	// Seed drives randomized offsets and victim choice: the same seed
	// gives the same offsets and the same victims in the same order.
	Seed  uint64
	Steps []Step
}

// Step injects one fault once, repeatedly or at random moments. Build it
// with At, Every or Randomly.
type Step struct {
	Fault fault.Fault
	// At is the offset from the start of the fault phase of the first
	// injection (or, with Random, the earliest).
	At time.Duration
	// Every repeats the injection at this interval until the phase ends
	// or Times injections were made.
	Every time.Duration
	Times int
	// Random makes this many injections at offsets drawn from the seed,
	// uniformly between At and the end of the phase (less Hold).
	Random int
	// Hold is how long a fault stays once its effect is observed before
	// it is reverted; zero means until the fault phase ends, which also
	// cuts every longer hold short.
	Hold time.Duration
}

// At injects f once, at offset d into the fault phase.
func At(d time.Duration, f fault.Fault) Step { return Step{Fault: f, At: d} }

// Every injects f every interval from the start of the fault phase.
func Every(interval time.Duration, f fault.Fault) Step { return Step{Fault: f, Every: interval} }

// Randomly injects f n times at seeded random offsets in the fault phase.
func Randomly(n int, f fault.Fault) Step { return Step{Fault: f, Random: n} }

// For returns the step with the fault held for d before its revert.
func (s Step) For(d time.Duration) Step { s.Hold = d; return s }

// Planned is one injection of a schedule, resolved for a fault phase.
type Planned struct {
	// Index orders the injections by offset; it also seeds the victim
	// choice of this injection.
	Index int
	// Step is the index of the Step it comes from.
	Step  int
	Fault fault.Fault
	// At is the offset into the fault phase; Hold how long it stays.
	At, Hold time.Duration
}

// Plan resolves the schedule for a fault phase of the given length: every
// injection with its offset and hold, sorted by offset.
func (s Schedule) Plan(phase time.Duration) ([]Planned, error) {
	if len(s.Steps) > 0 && phase <= 0 {
		return nil, ErrNoFaultPhase
	}
	var out []Planned
	for i, st := range s.Steps {
		if st.Fault == nil {
			return nil, fmt.Errorf("step %d: %w", i, ErrNoFault)
		}
		if st.At < 0 || st.Hold < 0 || st.Every < 0 || st.At >= phase {
			return nil, fmt.Errorf("step %d (%s) at %s of %s: %w", i, st.Fault.Name(), st.At, phase, ErrOutsidePhase)
		}
		if st.Every > 0 && st.Every < MinInterval {
			return nil, fmt.Errorf("step %d (%s): %w: %s < %s", i, st.Fault.Name(), ErrIntervalShort, st.Every, MinInterval)
		}
		hold := st.Hold
		if hold == 0 || hold > phase {
			hold = phase
		}
		for _, at := range st.offsets(phase, hold, s.Seed, i) {
			out = append(out, Planned{Step: i, Fault: st.Fault, At: at, Hold: min(hold, phase-at)})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].At < out[b].At })
	for i := range out {
		out[i].Index = i
	}
	return out, nil
}

// offsets lists the offsets of one step's injections.
func (st Step) offsets(phase, hold time.Duration, seed uint64, step int) []time.Duration {
	switch {
	case st.Random > 0:
		r := rand.New(rand.NewPCG(seed, uint64(step)))
		span := phase - hold - st.At
		out := make([]time.Duration, st.Random)
		for k := range out {
			out[k] = st.At
			if span > 0 {
				out[k] += time.Duration(r.Int64N(int64(span))).Truncate(time.Millisecond)
			}
		}
		sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
		return out
	case st.Every > 0:
		var out []time.Duration
		for at := st.At; at < phase && (st.Times == 0 || len(out) < st.Times); at += st.Every {
			out = append(out, at)
		}
		return out
	default:
		return []time.Duration{st.At}
	}
}

// victimRand returns the random source of one injection's victim choice:
// it depends on the seed and the injection's index only, not on timing.
func victimRand(seed uint64, index int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 1<<32|uint64(index)))
}
