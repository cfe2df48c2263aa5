package harness

import (
	"fmt"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

// Status is the outcome of one checklist item.
type Status uint8

// Statuses. The zero Status is not a verdict: a check must choose.
const (
	// Pass: the item is proven.
	Pass Status = iota + 1
	// Fail: the item is disproven, with evidence.
	Fail
	// Error: the harness could not judge (a failure of ours or the
	// cluster's, not of the target).
	Error
	// Skip: the item could not be tried here, e.g. a fault the kernel
	// does not support.
	Skip
	// Inconclusive: the run measured the item, but too closely to its
	// target to tell (the target lies inside the measurement's 95 %
	// interval); counted as neither a pass nor a failure.
	Inconclusive
)

var statusNames = map[Status]string{Pass: "PASS", Fail: "FAIL", Error: "ERROR", Skip: "SKIP", Inconclusive: "INCONCLUSIVE"}

// String returns PASS, FAIL, ERROR, SKIP or INCONCLUSIVE.
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText renders the status by name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a status name.
func (s *Status) UnmarshalText(b []byte) error {
	for st, n := range statusNames {
		if n == string(b) {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("unknown status %q", b)
}

// Verdict is the judgement of one checklist item with its evidence.
type Verdict struct {
	// Item is the go-live checklist item, e.g. "graceful shutdown".
	Item   string `json:"item"`
	Status Status `json:"status"`
	// Reason says why, in a sentence a person reads in a report.
	Reason   string   `json:"reason"`
	Evidence Evidence `json:"evidence"`
	// Aborted is set when the run stopped its faults early because the
	// SLO was breached: the verdict judged a shortened fault phase.
	Aborted bool `json:"aborted,omitempty"`
}

// Evidence is what a verdict rests on.
type Evidence struct {
	// From and To bound the time range judged.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// At are the moments that matter (a failed window, a SIGKILL).
	At []time.Time `json:"at,omitempty"`
	// Moments are named moments a report marks on its charts, e.g. a
	// node loss's "T0 node lost", "T_nr NotReady", "T_ep out of the Service".
	Moments map[string]time.Time `json:"moments,omitempty"`
	// Counts are the numbers judged (requests, failures, ready pods).
	Counts map[string]float64 `json:"counts,omitempty"`
	// Objects are the objects involved.
	Objects []timeline.Ref `json:"objects,omitempty"`
}
