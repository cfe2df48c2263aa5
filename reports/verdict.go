package reports

import (
	"fmt"
	"time"
)

// Status is the outcome of one checklist item.
type Status string

// The statuses, from the best to the worst news; see Worse.
const (
	// StatusSkip: the item could not be proven here (e.g. the CNI does not
	// enforce network policy).
	StatusSkip Status = "SKIP"
	// StatusPass: the item was proven.
	StatusPass Status = "PASS"
	// StatusInconclusive: the item was measured too closely to its target
	// to tell; neither a pass nor a failure.
	StatusInconclusive Status = "INCONCLUSIVE"
	// StatusError: the check could not reach a verdict (harness failure).
	StatusError Status = "ERROR"
	// StatusFail: the item was disproven.
	StatusFail Status = "FAIL"
)

// Statuses lists every status, from the best to the worst news.
var Statuses = []Status{StatusSkip, StatusPass, StatusInconclusive, StatusError, StatusFail}

func (s Status) rank() int {
	for i, v := range Statuses {
		if v == s {
			return i
		}
	}
	return -1
}

// Valid says s is one of Statuses.
func (s Status) Valid() bool { return s.rank() >= 0 }

// Worse returns the worse of s and o: FAIL over ERROR over INCONCLUSIVE
// over PASS over SKIP.
func (s Status) Worse(o Status) Status {
	if o.rank() > s.rank() {
		return o
	}
	return s
}

// UnmarshalText accepts only the known statuses.
func (s *Status) UnmarshalText(b []byte) error {
	v := Status(b)
	if !v.Valid() {
		return fmt.Errorf("unmarshaling status %q: %w", b, ErrUnknownStatus)
	}
	*s = v
	return nil
}

// Verdict is a check's conclusion on one checklist item.
type Verdict struct {
	// Item is the checklist item, e.g. "graceful shutdown".
	Item string `json:"item"`
	// Status is the outcome.
	Status Status `json:"status"`
	// Reason says what and why in one sentence a person reads in a report.
	Reason string `json:"reason"`
	// Evidence is what the verdict rests on.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Evidence is one fact behind a verdict: a named value, optionally at a
// time or over a span, optionally about some objects.
type Evidence struct {
	// Name says what the value is, e.g. "failed requests".
	Name string `json:"name"`
	// Value is the fact, rendered for a person, e.g. "12 of 9000".
	Value string `json:"value,omitempty"`
	// Time is when it was observed; End, when set, closes a span.
	Time time.Time `json:"time,omitzero"`
	End  time.Time `json:"end,omitzero"`
	// Objects are the Kubernetes objects it is about.
	Objects []ObjectRef `json:"objects,omitempty"`
}

// Overall returns the scenario's overall status: the worst of its verdicts,
// ERROR when it has none or was aborted or interrupted without a FAIL.
func (s *Scenario) Overall() Status {
	st := StatusSkip
	for _, v := range s.Verdicts {
		st = st.Worse(v.Status)
	}
	if len(s.Verdicts) == 0 || s.Aborted || s.Interrupted {
		st = st.Worse(StatusError)
	}
	return st
}

// Overall returns the run's overall status: the worst of its scenarios',
// ERROR when it has none or was aborted or interrupted without a FAIL.
func (r *Result) Overall() Status {
	st := StatusSkip
	for i := range r.Scenarios {
		st = st.Worse(r.Scenarios[i].Overall())
	}
	if len(r.Scenarios) == 0 || r.Aborted || r.Interrupted {
		st = st.Worse(StatusError)
	}
	return st
}
