package reports

import "time"

// Phase names the harness uses, in order; other names are allowed.
const (
	PhaseSteady   = "steady"
	PhaseBaseline = "baseline"
	PhaseFault    = "fault"
	PhaseRecovery = "recovery"
)

// Phase is a stage of a scenario, with the load it saw.
type Phase struct {
	// Name is the phase's name, e.g. PhaseFault.
	Name string `json:"name"`
	// Start and End bound the phase.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Load summarizes the load in the phase, with latency quantiles of
	// the merged digests; nil when the producer did not summarize it, and
	// then reports derive counts from the windows (see Scenario.PhaseLoad).
	Load *LoadSummary `json:"load,omitempty"`
}

// LoadSummary condenses the load windows of a time range.
type LoadSummary struct {
	// Requests counts every request sent; Judged leaves out the canceled
	// ones; Successes are judged requests that succeeded.
	Requests  uint64 `json:"requests"`
	Judged    uint64 `json:"judged"`
	Successes uint64 `json:"successes"`
	// Availability is Successes / Judged, or 0 when nothing was judged.
	Availability float64 `json:"availability"`
	// Rate is requests per second over the range.
	Rate float64 `json:"rate"`
	// P50, P90, P99 and Max are latencies of the successful requests;
	// all zero when HasLatency is false.
	P50 time.Duration `json:"p50Ns"`
	P90 time.Duration `json:"p90Ns"`
	P99 time.Duration `json:"p99Ns"`
	Max time.Duration `json:"maxNs"`
	// HasLatency says the quantiles are known.
	HasLatency bool `json:"hasLatency"`
	// Errors counts failed requests by class name.
	Errors map[string]uint64 `json:"errors,omitempty"`
}

// Fault outcomes; producers may use others.
const (
	OutcomeReverted    = "reverted"     // injected, then reverted
	OutcomeExpired     = "expired"      // ended by itself (a deleted pod is not reverted)
	OutcomeNotReverted = "not-reverted" // the revert failed: a leftover
	OutcomeRefused     = "refused"      // the cluster refused it, e.g. a PDB
	OutcomeSkipped     = "skipped"      // unsupported here
	OutcomeFailed      = "failed"       // the injection failed
	OutcomeCut         = "cut-short"    // the fault phase ended before its effect was seen
)

// Fault is one fault of a scenario's schedule.
type Fault struct {
	// Kind is the fault's kind, e.g. "pod-delete" or "node-stop".
	Kind string `json:"kind"`
	// Targets are the objects it hit.
	Targets []ObjectRef `json:"targets,omitempty"`
	// Injected is when the harness injected it (T0: the pod deleted, the
	// node stopped); Effect when its effect was seen (the pod gone, the
	// node NotReady), zero when it never was; Reverted when it was
	// reverted, zero when it never was.
	Injected time.Time `json:"injected"`
	Effect   time.Time `json:"effect,omitzero"`
	Reverted time.Time `json:"reverted,omitzero"`
	// Outcome is how it ended, e.g. OutcomeReverted.
	Outcome string `json:"outcome"`
	// Message says more, e.g. why it was refused.
	Message string `json:"message,omitempty"`
}

// Event is a notable moment worth reading beside the charts: a container
// killed, an eviction refused, a rollout step.
type Event struct {
	Time time.Time `json:"time"`
	// Kind says what it is about, e.g. "pod", "node", "refusal", "kube".
	Kind string `json:"kind"`
	// Objects are the objects concerned.
	Objects []ObjectRef `json:"objects,omitempty"`
	// Message says what happened, for a person.
	Message string `json:"message"`
}

// ObjectRef names a Kubernetes object or a node container.
type ObjectRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

// String renders kind/namespace/name, or kind/name without a namespace.
func (o ObjectRef) String() string {
	if o.Namespace == "" {
		return o.Kind + "/" + o.Name
	}
	return o.Kind + "/" + o.Namespace + "/" + o.Name
}
