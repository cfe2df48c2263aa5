package loadgen

import (
	"fmt"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Pacing is how a Plan's request rate changes over time. It is one of
// Constant, Ramp or Steps.
type Pacing interface {
	// Pacer returns the vegeta pacer that sends requests at this pace.
	Pacer() vegeta.Pacer
	validate() error
}

var (
	_ Pacing = Constant{}
	_ Pacing = Ramp{}
	_ Pacing = Steps{}
)

// Rate is Freq requests per Per.
type Rate struct {
	Freq int
	Per  time.Duration
}

// PerSecond returns a Rate of n requests per second.
func PerSecond(n int) Rate { return Rate{Freq: n, Per: time.Second} }

// PerSec returns the rate in requests per second.
func (r Rate) PerSec() float64 { return float64(r.Freq) / r.Per.Seconds() }

// String returns the rate as "freq/per", e.g. "100/1s".
func (r Rate) String() string { return fmt.Sprintf("%d/%s", r.Freq, r.Per) }

func (r Rate) validate() error {
	if r.Freq <= 0 || r.Per <= 0 {
		return fmt.Errorf("rate %s: %w", r, ErrZeroRate)
	}
	return nil
}

func (r Rate) vegeta() vegeta.ConstantPacer { return vegeta.ConstantPacer{Freq: r.Freq, Per: r.Per} }

// Constant sends requests at a fixed rate, through vegeta's ConstantPacer.
type Constant struct{ Rate Rate }

// Pacer returns a vegeta.ConstantPacer.
func (c Constant) Pacer() vegeta.Pacer { return c.Rate.vegeta() }

func (c Constant) validate() error { return c.Rate.validate() }

// Ramp changes the rate linearly from From to To over Over, through vegeta's
// LinearPacer, then holds To.
type Ramp struct {
	From, To Rate
	Over     time.Duration
}

// Pacer returns a vegeta.LinearPacer followed by a vegeta.ConstantPacer.
func (r Ramp) Pacer() vegeta.Pacer {
	from, to := r.From.PerSec(), r.To.PerSec()
	return sequence{
		{
			pacer: vegeta.LinearPacer{StartAt: r.From.vegeta(), Slope: (to - from) / r.Over.Seconds()},
			span:  r.Over,
			hits:  (from + to) / 2 * r.Over.Seconds(),
		},
		{pacer: r.To.vegeta()},
	}
}

func (r Ramp) validate() error {
	if err := r.From.validate(); err != nil {
		return fmt.Errorf("ramp from: %w", err)
	}
	if err := r.To.validate(); err != nil {
		return fmt.Errorf("ramp to: %w", err)
	}
	if r.Over <= 0 {
		return fmt.Errorf("ramp over %s: %w", r.Over, ErrBadPacing)
	}
	return nil
}

// Step holds Rate for For.
type Step struct {
	Rate Rate
	For  time.Duration
}

// Steps holds each step's rate in turn, then holds the last step's rate.
type Steps []Step

// Pacer returns one vegeta.ConstantPacer per step, chained.
func (s Steps) Pacer() vegeta.Pacer {
	seq := make(sequence, len(s))
	for i, st := range s {
		seq[i] = segment{pacer: st.Rate.vegeta(), span: st.For, hits: st.Rate.PerSec() * st.For.Seconds()}
	}
	return seq
}

func (s Steps) validate() error {
	if len(s) == 0 {
		return fmt.Errorf("no steps: %w", ErrBadPacing)
	}
	for i, st := range s {
		if err := st.Rate.validate(); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
		if st.For <= 0 {
			return fmt.Errorf("step %d for %s: %w", i, st.For, ErrBadPacing)
		}
	}
	return nil
}
