package reports

import (
	"fmt"
	"io"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// MetricsNamespace prefixes every metric name.
const MetricsNamespace = "resilience"

// NewRegistry returns a registry holding the metrics of r and, when t is not
// nil, its regressions: verdicts by scenario, item and status; run, scenario
// and phase durations; requests, availability and latency quantiles per
// phase; faults by kind and outcome. Every metric is a gauge of this run.
func NewRegistry(r *Result, t *Trend) (*prometheus.Registry, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	if err := reg.Register(&collector{r: r, t: t}); err != nil {
		return nil, fmt.Errorf("registering run metrics: %w", err)
	}
	return reg, nil
}

// WriteMetrics writes the metrics of NewRegistry in the Prometheus text
// exposition format.
func WriteMetrics(w io.Writer, r *Result, t *Trend) error {
	reg, err := NewRegistry(r, t)
	if err != nil {
		return err
	}
	families, err := reg.Gather()
	if err != nil {
		return fmt.Errorf("gathering run metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("encoding metric %s: %w", mf.GetName(), err)
		}
	}
	return nil
}

// collector turns a Result into constant metrics on every scrape.
type collector struct {
	r *Result
	t *Trend
}

var _ prometheus.Collector = (*collector)(nil)

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(MetricsNamespace+"_"+name, help, labels, nil)
}

var (
	descRunInfo = desc("run_info", "The run, its cluster and versions; always 1.",
		"name", "cluster", "kubernetes_version", "kind_version", "node_image", "tool", "schema_version")
	descRunStart    = desc("run_start_timestamp_seconds", "When the run started, in Unix seconds.")
	descRunDuration = desc("run_duration_seconds", "How long the run took.")
	descRunStopped  = desc("run_stopped", "1 when the run was stopped early, by reason (aborted, interrupted).", "reason")
	descRunStatus   = desc("run_status", "The run's overall status: 1 for the status it has, 0 for the others.", "status")
	descVerdicts    = desc("verdicts", "Number of verdicts of the run by status.", "status")

	descScenarioStatus   = desc("scenario_status", "A scenario's overall status: 1 for the status it has, 0 for the others.", "scenario", "status")
	descScenarioDuration = desc("scenario_duration_seconds", "How long a scenario took.", "scenario")
	descVerdict          = desc("verdict", "A checklist item's verdict: 1 for the status it has, 0 for the others.", "scenario", "item", "status")

	descPhaseDuration     = desc("phase_duration_seconds", "How long a phase of a scenario took.", "scenario", "phase")
	descPhaseRequests     = desc("phase_requests", "Requests sent in a phase.", "scenario", "phase")
	descPhaseFailed       = desc("phase_failed_requests", "Judged requests that failed in a phase.", "scenario", "phase")
	descPhaseAvailability = desc("phase_availability_ratio", "Successful over judged requests in a phase.", "scenario", "phase")
	descPhaseLatency      = desc("phase_latency_seconds", "Latency quantiles of a phase's successful requests.", "scenario", "phase", "quantile")

	descFaults       = desc("faults", "Faults injected, by kind and outcome.", "scenario", "kind", "outcome")
	descFaultSeconds = desc("fault_active_seconds", "Time faults of a kind were in force, summed.", "scenario", "kind")
	descRegressions  = desc("regressions", "Regressions since the previous run, by kind (verdict, p99).", "scenario", "kind")
)

// Describe implements prometheus.Collector.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRunInfo, descRunStart, descRunDuration,
		descRunStopped, descRunStatus, descVerdicts, descScenarioStatus, descScenarioDuration,
		descVerdict, descPhaseDuration, descPhaseRequests, descPhaseFailed, descPhaseAvailability,
		descPhaseLatency, descFaults, descFaultSeconds, descRegressions} {
		ch <- d
	}
}
