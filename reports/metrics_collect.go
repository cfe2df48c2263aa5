package reports

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// gauge sends one constant gauge.
func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
}

// stateSet sends 1 for the status held and 0 for the others.
func stateSet(ch chan<- prometheus.Metric, d *prometheus.Desc, held Status, labels ...string) {
	for _, st := range Statuses {
		v := 0.0
		if st == held {
			v = 1
		}
		gauge(ch, d, v, append(labels[:len(labels):len(labels)], string(st))...)
	}
}

func bit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Collect implements prometheus.Collector.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	r := c.r
	gauge(ch, descRunInfo, 1, r.Name, r.Cluster.Name, r.Cluster.KubernetesVersion,
		r.Cluster.KindVersion, r.Cluster.NodeImage, r.Tool, SchemaVersion)
	if !r.Started.IsZero() {
		gauge(ch, descRunStart, float64(r.Started.UnixMilli())/1e3)
	}
	gauge(ch, descRunDuration, r.Duration().Seconds())
	gauge(ch, descRunStopped, bit(r.Aborted), "aborted")
	gauge(ch, descRunStopped, bit(r.Interrupted), "interrupted")
	stateSet(ch, descRunStatus, r.Overall())
	counts := map[Status]int{}
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		stateSet(ch, descScenarioStatus, s.Overall(), s.Name)
		gauge(ch, descScenarioDuration, s.Duration().Seconds(), s.Name)
		for _, v := range s.Verdicts {
			counts[v.Status]++
			stateSet(ch, descVerdict, v.Status, s.Name, v.Item)
		}
		collectPhases(ch, s)
		collectFaults(ch, s)
	}
	for _, st := range Statuses {
		gauge(ch, descVerdicts, float64(counts[st]), string(st))
	}
	if c.t != nil {
		collectRegressions(ch, r, c.t)
	}
}

func collectPhases(ch chan<- prometheus.Metric, s *Scenario) {
	for _, p := range s.Phases {
		l := s.PhaseLoad(p)
		gauge(ch, descPhaseDuration, span(p.Start, p.End).Seconds(), s.Name, p.Name)
		gauge(ch, descPhaseRequests, float64(l.Requests), s.Name, p.Name)
		gauge(ch, descPhaseFailed, float64(l.Judged-min(l.Successes, l.Judged)), s.Name, p.Name)
		if l.Judged > 0 {
			gauge(ch, descPhaseAvailability, l.Availability, s.Name, p.Name)
		}
		if !l.HasLatency {
			continue
		}
		for _, q := range []struct {
			label string
			v     float64
		}{{"0.5", l.P50.Seconds()}, {"0.9", l.P90.Seconds()}, {"0.99", l.P99.Seconds()}, {"1", l.Max.Seconds()}} {
			gauge(ch, descPhaseLatency, q.v, s.Name, p.Name, q.label)
		}
	}
}

func collectFaults(ch chan<- prometheus.Metric, s *Scenario) {
	type key struct{ kind, outcome string }
	counts := map[key]int{}
	active := map[string]float64{}
	var order []string
	for _, f := range s.Faults {
		counts[key{f.Kind, f.Outcome}]++
		if _, ok := active[f.Kind]; !ok {
			order = append(order, f.Kind)
		}
		active[f.Kind] += span(f.Injected, faultEnd(s, f)).Seconds()
	}
	for k, n := range counts {
		gauge(ch, descFaults, float64(n), s.Name, k.kind, k.outcome)
	}
	for _, kind := range order {
		gauge(ch, descFaultSeconds, active[kind], s.Name, kind)
	}
}

// faultEnd is when f stopped being in force: its revert; else, for a fault
// that never took hold (skipped, refused, failed), its injection; else the
// end of the scenario.
func faultEnd(s *Scenario, f Fault) time.Time {
	switch {
	case !f.Reverted.IsZero():
		return f.Reverted
	case f.Outcome == OutcomeSkipped || f.Outcome == OutcomeRefused || f.Outcome == OutcomeFailed:
		return f.Injected
	}
	return s.Finished
}

func collectRegressions(ch chan<- prometheus.Metric, r *Result, t *Trend) {
	type key struct{ scenario, kind string }
	counts := map[key]int{}
	for i := range r.Scenarios {
		for _, kind := range []string{RegressionVerdict, RegressionP99} {
			counts[key{r.Scenarios[i].Name, kind}] = 0
		}
	}
	for _, g := range t.Regressions {
		counts[key{g.Scenario, g.Kind}]++
	}
	for k, n := range counts {
		gauge(ch, descRegressions, float64(n), k.scenario, k.kind)
	}
}
