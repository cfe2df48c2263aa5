package timeline

import (
	"fmt"
	"time"
)

// Phase is a stage of a run.
type Phase uint8

// The phases of a run, in order.
const (
	// PhaseSteady waits for the target to be ready and the load to succeed.
	PhaseSteady Phase = iota
	// PhaseBaseline measures the undisturbed target.
	PhaseBaseline
	// PhaseFault runs the fault schedule.
	PhaseFault
	// PhaseRecovery reverts every fault and watches the target come back.
	PhaseRecovery
	numPhases
)

var phaseNames = [numPhases]string{"steady", "baseline", "fault", "recovery"}

// String returns the phase's lowercase name.
func (p Phase) String() string {
	if p < numPhases {
		return phaseNames[p]
	}
	return fmt.Sprintf("phase(%d)", uint8(p))
}

// MarshalText renders the phase by name.
func (p Phase) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Span is when a phase ran; End is zero while it runs.
type Span struct {
	Phase Phase     `json:"phase"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
}

// Contains reports whether t lies in [Start, End); an open span contains
// everything after its start.
func (s Span) Contains(t time.Time) bool {
	return !t.Before(s.Start) && (s.End.IsZero() || t.Before(s.End))
}
