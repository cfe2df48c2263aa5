package reports

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// trendRun is a one-scenario run with a verdict on "replicas" and a fault
// phase whose p99 is given.
func trendRun(status Status, p99 time.Duration) *Result {
	return &Result{Scenarios: []Scenario{{
		Name:     "s",
		Phases:   []Phase{{Name: PhaseFault, Load: &LoadSummary{P99: p99, HasLatency: p99 > 0}}},
		Verdicts: []Verdict{{Item: "replicas", Status: status}},
	}}}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	verdict := Regression{Kind: RegressionVerdict, Scenario: "s", Item: "replicas", Was: StatusPass, Now: StatusFail}
	p99 := func(was, now time.Duration) Regression {
		return Regression{Kind: RegressionP99, Scenario: "s", Phase: PhaseFault, WasP99: was, NowP99: now}
	}
	for _, tc := range []struct {
		name      string
		prev, cur *Result
		cfg       TrendConfig
		want      []Regression
	}{
		{"unchanged", trendRun(StatusPass, 100*ms), trendRun(StatusPass, 100*ms), TrendConfig{}, []Regression{}},
		{"pass to fail", trendRun(StatusPass, 100*ms), trendRun(StatusFail, 100*ms), TrendConfig{}, []Regression{verdict}},
		{"pass to error is not a proven regression", trendRun(StatusPass, 100*ms), trendRun(StatusError, 100*ms), TrendConfig{}, []Regression{}},
		{"fail to fail", trendRun(StatusFail, 100*ms), trendRun(StatusFail, 100*ms), TrendConfig{}, []Regression{}},
		{"p99 up by more than the default ratio", trendRun(StatusPass, 100*ms), trendRun(StatusPass, 126*ms), TrendConfig{}, []Regression{p99(100*ms, 126*ms)}},
		{"p99 up by less than the ratio", trendRun(StatusPass, 100*ms), trendRun(StatusPass, 125*ms), TrendConfig{}, []Regression{}},
		{"p99 up by a custom ratio", trendRun(StatusPass, 100*ms), trendRun(StatusPass, 111*ms), TrendConfig{P99Ratio: 1.1}, []Regression{p99(100*ms, 111*ms)}},
		{"p99 doubled but by less than the minimum delta", trendRun(StatusPass, 2*ms), trendRun(StatusPass, 4*ms), TrendConfig{}, []Regression{}},
		{"p99 doubled with a smaller delta", trendRun(StatusPass, 2*ms), trendRun(StatusPass, 4*ms), TrendConfig{P99MinDelta: ms}, []Regression{p99(2*ms, 4*ms)}},
		{"no latency before", trendRun(StatusPass, 0), trendRun(StatusPass, 500*ms), TrendConfig{}, []Regression{}},
		{"both at once", trendRun(StatusPass, 10*ms), trendRun(StatusFail, 50*ms), TrendConfig{}, []Regression{verdict, p99(10*ms, 50*ms)}},
		{"scenario only in the current run", &Result{}, trendRun(StatusFail, 50*ms), TrendConfig{}, []Regression{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(tc.cur, tc.prev, tc.cfg)
			if diff := cmp.Diff(tc.want, got.Regressions); diff != "" {
				t.Errorf("regressions (-want +got):\n%s", diff)
			}
			for _, g := range tc.want {
				if g.Kind == RegressionVerdict && !got.Regressed(g.Scenario, g.Item) {
					t.Errorf("Regressed(%q, %q) = false", g.Scenario, g.Item)
				}
			}
		})
	}
}

func TestRegressionString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		g    Regression
		want string
	}{
		{Regression{Kind: RegressionVerdict, Scenario: "s", Item: "PDB", Was: StatusPass, Now: StatusFail},
			`s: "PDB" was PASS and is now FAIL.`},
		{Regression{Kind: RegressionP99, Scenario: "s", Phase: "fault", WasP99: 20 * time.Millisecond, NowP99: 51234567},
			"s: p99 latency in the fault phase rose from 20ms to 51.2ms (×2.56)."},
	} {
		if got := tc.g.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
