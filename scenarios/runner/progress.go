package runner

import (
	"time"

	"github.com/golive/resilience/reports"
)

// Phase is where a scenario is, as progress shows it.
type Phase string

// The phases of a scenario in a run. Steady, Baseline, Fault and Recovery
// are the harness's; the runner infers Steady's end from the load windows
// (the harness's own rule on the last windows) and the fault phase's start
// from the first injection.
const (
	PhaseDeploy   Phase = "deploy"
	PhaseSteady   Phase = "steady"
	PhaseBaseline Phase = "baseline"
	PhaseFault    Phase = "fault"
	PhaseRecovery Phase = "recovery"
	PhaseJudge    Phase = "judge"
	PhaseUndeploy Phase = "undeploy"
	PhaseDone     Phase = "done"
)

// Progress is a snapshot of a running scenario.
type Progress struct {
	// Scenario is running as number Index of Total (from 1).
	Scenario     string
	Index, Total int
	Phase        Phase
	// Started is when the scenario started; Ends the estimated end of
	// its phases (zero while unknown: deploying, or past the estimate).
	Started, Ends time.Time
	// RPS is the rate of the last load window, P99 its 99th percentile
	// latency of successful requests.
	RPS float64
	P99 time.Duration
	// Requests and Failures count the scenario's judged requests so far:
	// the steady-state gate's while it runs, then from the baseline on
	// (the phases the verdicts judge).
	Requests, Failures uint64
	// Faults are the faults active now, by name.
	Faults []string
	// Status and Reason are the scenario's outcome once Phase is
	// PhaseDone.
	Status reports.Status
	Reason string
}

// Elapsed returns how long the scenario has run at now.
func (p Progress) Elapsed(now time.Time) time.Duration { return now.Sub(p.Started) }

// Remaining returns the estimated time left at now, and false when there
// is no estimate.
func (p Progress) Remaining(now time.Time) (time.Duration, bool) {
	if p.Ends.IsZero() || p.Phase == PhaseDone {
		return 0, false
	}
	return max(p.Ends.Sub(now), 0), true
}
