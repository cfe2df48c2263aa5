package remote

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/golive/resilience/loadgen"
)

// ErrNotConstant: a plan's pacing is not loadgen.Constant. Only a constant
// rate splits into shares that add up to it at every moment.
var ErrNotConstant = errors.New("in-cluster load splits a constant rate")

// PlanSpec is the wire form (JSON) of the load one attacker sends: a
// loadgen.Plan whose pacing is a constant rate, plus when to start and which
// hosts besides loopback its targets may name. Durations travel as integer
// nanoseconds.
type PlanSpec struct {
	// Targets are the plan's targets.
	Targets []TargetSpec `json:"targets"`
	// Freq requests are sent every Per: a loadgen.Rate, integers on the wire
	// so that shares add up exactly.
	Freq int           `json:"freq"`
	Per  time.Duration `json:"per_ns"`
	// Duration, Timeout, Workers, MaxWorkers, DisableKeepAlive, HTTP2 and
	// Window are the plan's fields of the same names.
	Duration         time.Duration `json:"duration_ns,omitempty"`
	Timeout          time.Duration `json:"timeout_ns,omitempty"`
	Workers          uint64        `json:"workers,omitempty"`
	MaxWorkers       uint64        `json:"max_workers,omitempty"`
	DisableKeepAlive bool          `json:"disable_keep_alive,omitempty"`
	HTTP2            bool          `json:"http2,omitempty"`
	Window           time.Duration `json:"window_ns,omitempty"`
	// Start is when the attacker starts sending and its first window
	// begins (loadgen.StartAt); zero means at once.
	Start time.Time `json:"start"`
	// Hosts are the hosts the targets may name besides loopback
	// (loadgen.AllowHosts), such as the target's Service name.
	Hosts []string `json:"hosts,omitempty"`
}

// TargetSpec is the wire form of a loadgen.Target; Body travels as base64.
type TargetSpec struct {
	Method string      `json:"method,omitempty"`
	URL    string      `json:"url"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
	Weight int         `json:"weight,omitempty"`
}

// SpecOf returns the wire form of p, its whole rate included. Start and
// Hosts are left for the caller to set; Split divides the rate. p's Pacing
// must be loadgen.Constant: any other is an ErrNotConstant naming it.
func SpecOf(p loadgen.Plan) (PlanSpec, error) {
	var rate loadgen.Rate
	switch c := p.Pacing.(type) {
	case loadgen.Constant:
		rate = c.Rate
	case *loadgen.Constant:
		rate = c.Rate
	default:
		return PlanSpec{}, fmt.Errorf("%w; got %s", ErrNotConstant, pacingName(p.Pacing))
	}
	s := PlanSpec{
		Freq: rate.Freq, Per: rate.Per,
		Duration: p.Duration, Timeout: p.Timeout, Workers: p.Workers, MaxWorkers: p.MaxWorkers,
		DisableKeepAlive: p.DisableKeepAlive, HTTP2: p.HTTP2, Window: p.Window,
	}
	for _, t := range p.Targets {
		s.Targets = append(s.Targets, TargetSpec{Method: t.Method, URL: t.URL, Header: t.Header, Body: t.Body, Weight: t.Weight})
	}
	return s, nil
}

// pacingName returns the bare type name of a Pacing: "Ramp", "Steps".
func pacingName(p loadgen.Pacing) string {
	if p == nil {
		return "no pacing"
	}
	name := fmt.Sprintf("%T", p)
	return name[strings.LastIndex(name, ".")+1:]
}

// Rate returns the spec's rate.
func (s PlanSpec) Rate() loadgen.Rate { return loadgen.Rate{Freq: s.Freq, Per: s.Per} }

// Plan returns the plan s describes, validated as loadgen.Run validates it
// given AllowHosts(s.Hosts...).
func (s PlanSpec) Plan() (loadgen.Plan, error) {
	p := loadgen.Plan{
		Pacing:   loadgen.Constant{Rate: s.Rate()},
		Duration: s.Duration, Timeout: s.Timeout, Workers: s.Workers, MaxWorkers: s.MaxWorkers,
		DisableKeepAlive: s.DisableKeepAlive, HTTP2: s.HTTP2, Window: s.Window,
	}
	for _, t := range s.Targets {
		p.Targets = append(p.Targets, loadgen.Target{Method: t.Method, URL: t.URL, Header: t.Header, Body: t.Body, Weight: t.Weight})
	}
	if err := p.ValidateHosts(s.Hosts...); err != nil {
		return loadgen.Plan{}, fmt.Errorf("plan: %w", err)
	}
	return p, nil
}

// Split divides s's rate into at most n shares, one spec each, whose Freqs
// add up exactly to the rate's. The rate is first written per second when
// that is exact (10 per 100ms is 100/s), so that the shares are whole
// requests per second; the first shares are one request larger when the
// rate does not divide evenly (10/s in 3: 4, 3, 3). A rate of fewer than n
// requests per second splits into fewer than n shares of one each: 2/s in
// 3 is 1, 1. The specs share s's slices.
func (s PlanSpec) Split(n int) []PlanSpec {
	freq, per := perSecond(s.Freq, s.Per)
	n = min(n, freq)
	if n <= 0 {
		return nil
	}
	out := make([]PlanSpec, n)
	for i := range out {
		out[i] = s
		out[i].Freq, out[i].Per = freq/n, per
		if i < freq%n {
			out[i].Freq++
		}
	}
	return out
}

// perSecond writes freq per per as requests per second when that is exact.
func perSecond(freq int, per time.Duration) (int, time.Duration) {
	switch {
	case per <= 0 || per == time.Second:
	case per < time.Second && time.Second%per == 0:
		if k := int(time.Second / per); freq <= math.MaxInt/k {
			return freq * k, time.Second
		}
	case per%time.Second == 0:
		if k := int(per / time.Second); freq%k == 0 {
			return freq / k, time.Second
		}
	}
	return freq, per
}

// Batch is an attacker's answer to GET /windows: the closed windows from the
// one asked for on, at most a page of them.
type Batch struct {
	// Windows are windows First() to Next-1.
	Windows []loadgen.Window `json:"windows"`
	// Next is the index of the window to ask for next.
	Next int `json:"next"`
	// Done: the run has ended and every window up to Next has been sent.
	Done bool `json:"done"`
	// Error is why the run failed, if it did.
	Error string `json:"error,omitempty"`
	// Dropped counts the windows the attacker dropped unread to stay within
	// its bound, oldest first, over the whole run.
	Dropped int `json:"dropped,omitempty"`
}

// First returns the index of b.Windows[0]: the one asked for, or a later one
// if windows were dropped.
func (b Batch) First() int { return b.Next - len(b.Windows) }
