package harness

import (
	"errors"
	"time"

	"github.com/golive/resilience/harness/timeline"
)

// Sentinel errors of Run.
var (
	// ErrNoCluster: Run needs a cluster unless it is a dry run.
	ErrNoCluster = errors.New("no cluster")
	// ErrNotSteady: the target did not reach the steady state before the
	// baseline, so nothing was injected.
	ErrNotSteady = errors.New("target not steady")
	// ErrPanicked: a panic stopped the run; every fault was reverted.
	ErrPanicked = errors.New("run panicked")
	// ErrRevert: a revert failed; the cluster may need Sweep.
	ErrRevert = errors.New("revert failed")
)

// Result is what a run did and found.
type Result struct {
	Scenario string    `json:"scenario"`
	RunID    string    `json:"run_id"`
	Seed     uint64    `json:"seed"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	// Timeline is everything observed, on one clock.
	Timeline *timeline.Timeline `json:"timeline"`
	// Injections are the faults injected, in order.
	Injections []Injection `json:"injections"`
	// Verdicts are the checks' judgements.
	Verdicts []Verdict `json:"verdicts"`
	// Recovered says whether the target was steady again after the faults.
	Recovered bool `json:"recovered"`
	// Aborted is set when a breach stopped the faults early.
	Aborted *Abort `json:"aborted,omitempty"`
}

// Abort says when and why a run stopped its faults early.
type Abort struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// Injection is one planned injection and what became of it.
type Injection struct {
	Index int    `json:"index"`
	Fault string `json:"fault"`
	// Due is when it was scheduled; Started when Inject was called; Lag
	// the difference.
	Due     time.Time     `json:"due"`
	Started time.Time     `json:"started,omitzero"`
	Lag     time.Duration `json:"lag"`
	// Injected is when Inject returned with the effect observed.
	Injected time.Time `json:"injected,omitzero"`
	// Reverted is when its revert finished.
	Reverted time.Time `json:"reverted,omitzero"`
	// Skipped is set when the fault is unsupported here; Cut when the
	// fault phase ended while Inject still waited for the fault's effect
	// (Error then says what was missing); Error holds an injection or
	// revert failure.
	Skipped bool   `json:"skipped,omitempty"`
	Cut     bool   `json:"cut,omitempty"`
	Error   string `json:"error,omitempty"`
	// Missed is set on a tenant's copy of a cluster-scoped injection that
	// hit none of the tenant's pods (Error then says where it struck).
	Missed bool `json:"missed,omitempty"`
}

// AttrInjection is the event attribute holding the index (Injection.Index)
// of the injection that recorded it.
const AttrInjection = "injection"

// MsgPlacement is the note (KindNote, Source "harness") each tenant's
// timeline gets at the start of the fault phase: where its pods sat. Its
// attributes are AttrPodsOn+node → pods on that node, and AttrSchedulable
// → how many nodes could take a pod.
const (
	MsgPlacement    = "placement before the fault"
	AttrPodsOn      = "pods_on/"
	AttrSchedulable = "schedulable_nodes"
)

// AttrReached is the attribute of the note (KindNote, Source "harness",
// Objects the nodes struck) that a cluster-scoped fault leaves on each
// tenant's timeline: how many of the tenant's live pods sat on the nodes
// it struck.
const AttrReached = "reached_pods"

// Passed reports whether every verdict passed (skips aside) and the run
// was neither aborted nor without verdicts.
func (r *Result) Passed() bool {
	if r == nil || r.Aborted != nil || len(r.Verdicts) == 0 {
		return false
	}
	for _, v := range r.Verdicts {
		if v.Status != Pass && v.Status != Skip {
			return false
		}
	}
	return true
}
