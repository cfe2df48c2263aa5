package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRun runs a tiny bench in process and checks that every figure is
// measured and printed.
func TestRun(t *testing.T) {
	t.Parallel()
	rep, err := Run(t.Context(), Config{
		Rate: 200, Duration: 300 * time.Millisecond, Rounds: 1,
		Small: 1000, Large: 20000, Span: 5 * time.Second, Window: time.Second,
	})
	if err != nil {
		t.Fatalf("Run() error = %v", err)
	}

	var tools []string
	for _, r := range rep.Rounds {
		tools = append(tools, r.Tool)
		if r.Requests < 50 || r.CPU <= 0 {
			t.Errorf("%s round: %d requests, CPU %s; want both measured", r.Tool, r.Requests, r.CPU)
		}
	}
	if diff := cmp.Diff([]string{"vegeta", "loadgen"}, tools); diff != "" {
		t.Errorf("rounds (-want +got):\n%s", diff)
	}
	if rep.CPURatio <= 0 || rep.MemRatio <= 0 || rep.Small.Windows != 5 || rep.Large.Windows != 5 {
		t.Errorf("report not filled in: %+v", rep)
	}
	var out bytes.Buffer
	if err := rep.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(a) achieved-rate error", "(b) CPU per request", "(c) heap in use", "loadgen"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
