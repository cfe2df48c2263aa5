package harness

import (
	"time"

	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// Defaults of Steady.
const (
	DefaultSteadyTimeout  = 2 * time.Minute
	DefaultSteadySuccess  = 0.99
	DefaultSteadyWindows  = 3
	DefaultRecoverTimeout = 3 * time.Minute
)

// Phases are how long each phase lasts once the target is steady.
type Phases struct {
	// Baseline measures the undisturbed target.
	Baseline time.Duration
	// Fault runs the schedule; at its end every fault still active is
	// reverted.
	Fault time.Duration
	// Recovery is measured after the target is steady again.
	Recovery time.Duration
}

// Steady is the condition of a healthy target: enough ready pods, none
// terminating, and (with load) consecutive load windows that succeed.
type Steady struct {
	// MinReady is the number of ready target pods needed; zero means at
	// least one, with every live target pod ready.
	MinReady int
	// MinSuccess is the success ratio each of the last Windows load
	// windows must reach (DefaultSteadySuccess, DefaultSteadyWindows).
	MinSuccess float64
	Windows    int
	// Timeout bounds the wait before the baseline (DefaultSteadyTimeout);
	// RecoverTimeout bounds the wait after the faults
	// (DefaultRecoverTimeout). Missing the first is an error of the run,
	// missing the second a finding recorded on the timeline.
	Timeout, RecoverTimeout time.Duration
	// Baseline is the availability the baseline phase must keep: when the
	// upper bound of its 95 % Wilson interval is below it, the target was
	// sick before any fault and no PASS can rest on the run (a FAIL still
	// stands, noted). Checks that judge the baseline themselves
	// (BaselineJudge) keep their verdict. Zero turns the gate off.
	Baseline float64
}

func (s Steady) withDefaults() Steady {
	if s.MinSuccess == 0 {
		s.MinSuccess = DefaultSteadySuccess
	}
	if s.Windows == 0 {
		s.Windows = DefaultSteadyWindows
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultSteadyTimeout
	}
	if s.RecoverTimeout == 0 {
		s.RecoverTimeout = DefaultRecoverTimeout
	}
	return s
}

// holds reports whether the timeline shows the steady condition now; with
// load, only windows that started after since count.
func (s Steady) holds(tl *timeline.Timeline, load bool, since time.Time) bool {
	ready, _ := tl.Latest(observe.SeriesPodsReady)
	total, _ := tl.Latest(observe.SeriesPodsTotal)
	terminating, _ := tl.Latest(observe.SeriesPodsTerminating)
	if s.MinReady > 0 && ready < float64(s.MinReady) {
		return false
	}
	if s.MinReady == 0 && (ready < 1 || ready < total) {
		return false
	}
	if terminating > 0 {
		return false
	}
	if !load {
		return true
	}
	windows := tl.Windows()
	n := 0
	for i := len(windows) - 1; i >= 0 && n < s.Windows; i-- {
		w := windows[i]
		if w.Start.Before(since) {
			return false
		}
		if r, ok := successRatio(w); !ok || r < s.MinSuccess {
			return false
		}
		n++
	}
	return n == s.Windows
}
