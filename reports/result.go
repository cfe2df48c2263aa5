package reports

import "time"

// Result is one run of the harness: the cluster it ran on and the scenarios
// it ran, in order. It is the root of result.json.
//
// Times are RFC 3339 with nanoseconds in JSON; durations are integer
// nanoseconds in fields whose JSON name ends in "Ns".
type Result struct {
	// SchemaVersion is "major.minor" of this schema; see SchemaVersion.
	SchemaVersion string `json:"schemaVersion"`
	// Name names the run or suite, e.g. "go-live nightly".
	Name string `json:"name,omitempty"`
	// Tool is the version of the program that made the run.
	Tool string `json:"tool,omitempty"`
	// Started and Finished bound the whole run.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Aborted says the run stopped early on its own (a fault that failed
	// to revert, a time limit); Interrupted says it was stopped from
	// outside (Ctrl-C, SIGTERM). Reason says why, for either.
	Aborted     bool   `json:"aborted,omitempty"`
	Interrupted bool   `json:"interrupted,omitempty"`
	Reason      string `json:"reason,omitempty"`
	// Cluster is where the run happened.
	Cluster Cluster `json:"cluster"`
	// Load says where the load came from: "this machine" (empty in
	// results of schema 1.0) or "the cluster: N attackers per target".
	Load string `json:"load,omitempty"`
	// Logs is the folder, relative to the report's, that holds the logs
	// kept of a run that FAILed or ERRORed (pod logs, events, the
	// cluster's own); empty when none were kept.
	Logs string `json:"logs,omitempty"`
	// Scenarios are the scenarios of the run, in the order they ran.
	Scenarios []Scenario `json:"scenarios"`
}

// Cluster describes the Kubernetes cluster a run used.
type Cluster struct {
	// Name is the kind cluster's name.
	Name string `json:"name"`
	// Context is the kubeconfig context, when it is not kind's default.
	Context string `json:"context,omitempty"`
	// KubernetesVersion is the API server's version, e.g. "v1.35.0".
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
	// KindVersion is the version of kind that made the cluster.
	KindVersion string `json:"kindVersion,omitempty"`
	// NodeImage is the node image, e.g. "kindest/node:v1.35.0".
	NodeImage string `json:"nodeImage,omitempty"`
	// Nodes is the number of nodes.
	Nodes int `json:"nodes,omitempty"`
	// Access says how faults reached the nodes when not as kind's node
	// containers, e.g. "the Kubernetes API only (no node provider)".
	Access string `json:"access,omitempty"`
}

// Scenario is one scenario of a run: a target under a load plan and a
// fault schedule, what was observed, and the verdicts of its checks.
type Scenario struct {
	// Name is the scenario's unique name within the run.
	Name string `json:"name"`
	// Description says what the scenario proves, in a sentence.
	Description string `json:"description,omitempty"`
	// Target is the application under test.
	Target Target `json:"target"`
	// Seed is the seed of every random choice the scenario made.
	Seed int64 `json:"seed"`
	// Started and Finished bound the scenario.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Aborted, Interrupted and Reason are as in Result, for this scenario.
	Aborted     bool   `json:"aborted,omitempty"`
	Interrupted bool   `json:"interrupted,omitempty"`
	Reason      string `json:"reason,omitempty"`
	// Phases are the phases of the scenario, in order.
	Phases []Phase `json:"phases,omitempty"`
	// Faults are the faults injected, in the order they were injected.
	Faults []Fault `json:"faults,omitempty"`
	// Events are other notable moments, in time order.
	Events []Event `json:"events,omitempty"`
	// Marks are named moments the verdicts rest on, drawn on the charts
	// (a node loss's T0, T_nr and T_ep), in time order.
	Marks []Mark `json:"marks,omitempty"`
	// Windows are the load's per-window aggregates, in time order.
	Windows []Window `json:"windows,omitempty"`
	// Series are the observers' gauge series, e.g. SeriesReadyPods.
	Series []Series `json:"series,omitempty"`
	// Verdicts are the checks' verdicts, one per checklist item.
	Verdicts []Verdict `json:"verdicts"`
}

// Mark is a named moment of a scenario.
type Mark struct {
	Name string    `json:"name"`
	At   time.Time `json:"at"`
}

// Target is the application a scenario tests.
type Target struct {
	// Namespace and Workload name the target's workload, e.g. "shop" and
	// "Deployment/web".
	Namespace string `json:"namespace,omitempty"`
	Workload  string `json:"workload,omitempty"`
	// URL is where the load was sent.
	URL string `json:"url,omitempty"`
	// Image is the target's container image.
	Image string `json:"image,omitempty"`
}

// Duration returns Finished - Started, or 0 when either is unset.
func (r *Result) Duration() time.Duration { return span(r.Started, r.Finished) }

// Duration returns Finished - Started, or 0 when either is unset.
func (s *Scenario) Duration() time.Duration { return span(s.Started, s.Finished) }

func span(from, to time.Time) time.Duration {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return 0
	}
	return to.Sub(from)
}
