package reports

import (
	"bytes"
	"io"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// parseMetrics reads a text exposition.
func parseMetrics(t *testing.T, r io.Reader) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(r)
	if err != nil {
		t.Fatalf("parsing metrics: %v", err)
	}
	return families
}

// metricValue finds the value of the metric name whose labels include want.
func metricValue(families map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	mf, ok := families[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Untyped != nil:
			return m.GetUntyped().GetValue(), true
		}
	}
	return 0, false
}

// metricCase is one metric a test expects, absent when !present.
type metricCase struct {
	name    string
	labels  map[string]string
	value   float64
	present bool
}

// wantMetrics are the fixture run's metrics checked by the metrics and push
// tests; the trend marks node-loss "HA & failover, chaos" as regressed.
var wantMetrics = []metricCase{
	{"resilience_run_info", map[string]string{"cluster": "golive", "kubernetes_version": "v1.35.0", "schema_version": SchemaVersion}, 1, true},
	{"resilience_run_duration_seconds", nil, 160, true},
	{"resilience_run_status", map[string]string{"status": "FAIL"}, 1, true},
	{"resilience_run_status", map[string]string{"status": "PASS"}, 0, true},
	{"resilience_verdicts", map[string]string{"status": "FAIL"}, 3, true},
	{"resilience_verdicts", map[string]string{"status": "SKIP"}, 1, true},
	{"resilience_verdict", map[string]string{"scenario": "node-loss", "item": "PDB", "status": "PASS"}, 1, true},
	{"resilience_verdict", map[string]string{"scenario": "node-loss", "item": "PDB", "status": "FAIL"}, 0, true},
	{"resilience_scenario_status", map[string]string{"scenario": "pod-delete-under-load", "status": "FAIL"}, 1, true},
	{"resilience_phase_duration_seconds", map[string]string{"scenario": "node-loss", "phase": "fault"}, 18, true},
	{"resilience_phase_availability_ratio", map[string]string{"scenario": "node-loss", "phase": "baseline"}, 1, true},
	{"resilience_phase_latency_seconds", map[string]string{"scenario": "node-loss", "phase": "steady"}, 0, false},
	{"resilience_faults", map[string]string{"scenario": "node-loss", "kind": "pod-evict", "outcome": "refused"}, 1, true},
	{"resilience_faults", map[string]string{"scenario": "pod-delete-under-load", "kind": "pod-delete", "outcome": "expired"}, 2, true},
	{"resilience_fault_active_seconds", map[string]string{"scenario": "node-loss", "kind": "node-stop"}, 12, true},
	{"resilience_fault_active_seconds", map[string]string{"scenario": "node-loss", "kind": "pod-evict"}, 0, true},
	{"resilience_regressions", map[string]string{"scenario": "node-loss", "kind": "verdict"}, 1, true},
	{"resilience_regressions", map[string]string{"scenario": "pod-delete-under-load", "kind": "p99"}, 0, true},
}

// fixtureTrend compares the small fixture with a previous run in which
// node-loss's first item passed.
func fixtureTrend() (*Result, *Trend) {
	prev := smallFixture.result()
	prev.Scenarios[1].Verdicts[0].Status = StatusPass
	cur := smallFixture.result()
	return cur, Compare(cur, prev, TrendConfig{})
}

func checkMetrics(t *testing.T, families map[string]*dto.MetricFamily) {
	t.Helper()
	for _, tc := range wantMetrics {
		got, ok := metricValue(families, tc.name, tc.labels)
		if ok != tc.present || (ok && got != tc.value) {
			t.Errorf("%s%v = %v (present %v), want %v (present %v)", tc.name, tc.labels, got, ok, tc.value, tc.present)
		}
	}
}

func TestWriteMetrics(t *testing.T) {
	t.Parallel()
	cur, tr := fixtureTrend()
	var buf bytes.Buffer
	if err := WriteMetrics(&buf, cur, tr); err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, parseMetrics(t, &buf))
}

func TestPhaseLatencyMetric(t *testing.T) {
	t.Parallel()
	r := smallFixture.result()
	var buf bytes.Buffer
	if err := WriteMetrics(&buf, r, nil); err != nil {
		t.Fatal(err)
	}
	families := parseMetrics(t, &buf)
	load := r.Scenarios[1].Phases[2].Load
	for q, want := range map[string]float64{"0.5": load.P50.Seconds(), "0.99": load.P99.Seconds(), "1": load.Max.Seconds()} {
		labels := map[string]string{"scenario": "node-loss", "phase": "fault", "quantile": q}
		if got, ok := metricValue(families, "resilience_phase_latency_seconds", labels); !ok || got != want {
			t.Errorf("latency quantile %s = %v (present %v), want %v", q, got, ok, want)
		}
	}
	if _, ok := families["resilience_regressions"]; ok {
		t.Error("regressions exported without a previous run")
	}
}
