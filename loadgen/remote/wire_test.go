package remote

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/golive/resilience/loadgen"
	"github.com/google/go-cmp/cmp"
)

func TestSpecOfRefusesVaryingRates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pacing loadgen.Pacing
		want   string
	}{
		{loadgen.Ramp{From: loadgen.PerSecond(1), To: loadgen.PerSecond(9), Over: time.Second}, "in-cluster load splits a constant rate; got Ramp"},
		{loadgen.Steps{{Rate: loadgen.PerSecond(1), For: time.Second}}, "in-cluster load splits a constant rate; got Steps"},
		{nil, "in-cluster load splits a constant rate; got no pacing"},
	}
	for _, tt := range tests {
		p := constant("http://127.0.0.1:1/", 1, 0, 0)
		p.Pacing = tt.pacing
		_, err := SpecOf(p)
		if !errors.Is(err, ErrNotConstant) || err.Error() != tt.want {
			t.Errorf("SpecOf(%T) error = %v, want %q", tt.pacing, err, tt.want)
		}
	}
	if _, err := SpecOf(constant("http://127.0.0.1:1/", 1, 0, 0)); err != nil {
		t.Errorf("SpecOf(Constant) error = %v", err)
	}
}

// A plan survives SpecOf, JSON and Plan whole.
func TestSpecRoundTrip(t *testing.T) {
	t.Parallel()
	want := loadgen.Plan{
		Targets: []loadgen.Target{
			{URL: "http://127.0.0.1:8080/"},
			{Method: http.MethodPost, URL: "http://target.shop.svc.cluster.local:8080/order",
				Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"n":1}`), Weight: 3},
		},
		Pacing:   loadgen.Constant{Rate: loadgen.Rate{Freq: 7, Per: 2 * time.Second}},
		Duration: time.Minute, Timeout: 3 * time.Second, Workers: 4, MaxWorkers: 40,
		DisableKeepAlive: true, HTTP2: true, Window: 500 * time.Millisecond,
	}
	s := specOf(t, want)
	s.Hosts = []string{"target.shop.svc.cluster.local"}
	s.Start = time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back PlanSpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}

	got, err := back.Plan()

	if err != nil {
		t.Fatalf("Plan() error = %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan mismatch (-want +got):\n%s", diff)
	}
	if !back.Start.Equal(s.Start) || !cmp.Equal(back.Hosts, s.Hosts) {
		t.Errorf("start %s, hosts %v after the round trip; want %s, %v", back.Start, back.Hosts, s.Start, s.Hosts)
	}
	back.Hosts = nil
	if _, err := back.Plan(); !errors.Is(err, loadgen.ErrNotLoopback) {
		t.Errorf("Plan() without hosts error = %v, want ErrNotLoopback", err)
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate loadgen.Rate
		n    int
		want []loadgen.Rate
	}{
		{loadgen.PerSecond(60), 3, []loadgen.Rate{loadgen.PerSecond(20), loadgen.PerSecond(20), loadgen.PerSecond(20)}},
		{loadgen.PerSecond(10), 3, []loadgen.Rate{loadgen.PerSecond(4), loadgen.PerSecond(3), loadgen.PerSecond(3)}},
		{loadgen.PerSecond(2), 3, []loadgen.Rate{loadgen.PerSecond(1), loadgen.PerSecond(1)}},
		{loadgen.PerSecond(5), 1, []loadgen.Rate{loadgen.PerSecond(5)}},
		{loadgen.Rate{Freq: 1, Per: 100 * time.Millisecond}, 3, []loadgen.Rate{loadgen.PerSecond(4), loadgen.PerSecond(3), loadgen.PerSecond(3)}},
		{loadgen.Rate{Freq: 4, Per: 2 * time.Second}, 3, []loadgen.Rate{loadgen.PerSecond(1), loadgen.PerSecond(1)}},
		{loadgen.Rate{Freq: 3, Per: 2 * time.Second}, 2, []loadgen.Rate{{Freq: 2, Per: 2 * time.Second}, {Freq: 1, Per: 2 * time.Second}}},
		{loadgen.Rate{Freq: 5, Per: 300 * time.Millisecond}, 2, []loadgen.Rate{{Freq: 3, Per: 300 * time.Millisecond}, {Freq: 2, Per: 300 * time.Millisecond}}},
		{loadgen.PerSecond(5), 0, nil},
	}
	for _, tt := range tests {
		p := constant("http://127.0.0.1:1/", 1, 0, 0)
		p.Pacing = loadgen.Constant{Rate: tt.rate}

		var got []loadgen.Rate
		for _, s := range specOf(t, p).Split(tt.n) {
			got = append(got, s.Rate())
		}

		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s split in %d (-want +got):\n%s", tt.rate, tt.n, diff)
		}
	}
}
