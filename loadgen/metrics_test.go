package loadgen

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
)

// gather returns the registry's samples as "name{label=value}" -> value;
// histograms give their sample count.
func gather(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += fmt.Sprintf("{%s=%s}", l.GetName(), l.GetValue())
			}
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			case m.Histogram != nil:
				out[key] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	var n atomic.Uint64
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1)%4 == 0 {
			w.WriteHeader(http.StatusBadGateway)
		}
	})
	reg := prometheus.NewPedanticRegistry()
	m, err := NewMetrics(reg, Namespace("test"))
	if err != nil {
		t.Fatal(err)
	}

	s, _ := run(t, plan(srv.URL, 100, 500*time.Millisecond), WithMetrics(m))

	want := map[string]float64{
		"test_requests_total{code=200}":     float64(s.Codes[200]),
		"test_requests_total{code=502}":     float64(s.Codes[502]),
		"test_request_duration_seconds":     float64(s.Successes),
		"test_requests_in_flight":           0,
		"test_errors_total{class=5xx}":      float64(s.Errors[ClassHTTP5xx]),
		"test_errors_total{class=4xx}":      0,
		"test_errors_total{class=timeout}":  0,
		"test_errors_total{class=canceled}": 0,
		"test_errors_total{class=refused}":  0,
		"test_errors_total{class=reset}":    0,
		"test_errors_total{class=eof}":      0,
		"test_errors_total{class=other}":    0,
	}
	if diff := cmp.Diff(want, gather(t, reg)); diff != "" {
		t.Errorf("metrics mismatch (-want +got):\n%s", diff)
	}
	if s.Codes[502] == 0 || s.Codes[200] == 0 {
		t.Errorf("Codes = %v, want both 200 and 502", s.Codes)
	}
	if _, err := NewMetrics(reg, Namespace("test")); err == nil {
		t.Errorf("registering the same metrics twice succeeded")
	}
}
