package reports

import (
	"fmt"
	"time"
)

// Defaults of TrendConfig.
const (
	// DefaultP99Ratio: a phase's p99 regressed when it is more than this
	// many times the previous run's.
	DefaultP99Ratio = 1.25
	// DefaultP99MinDelta: and when it grew by at least this much, so that
	// noise on a fast service (2 ms to 3 ms) is not a regression.
	DefaultP99MinDelta = 5 * time.Millisecond
)

// TrendConfig sets what counts as a regression; zero fields take defaults.
type TrendConfig struct {
	P99Ratio    float64
	P99MinDelta time.Duration
}

// Kinds of Regression.
const (
	// RegressionVerdict is an item that passed and now fails.
	RegressionVerdict = "verdict"
	// RegressionP99 is a phase's p99 latency up by more than the ratio.
	RegressionP99 = "p99"
)

// Trend compares a run with the previous one.
type Trend struct {
	// PreviousName and PreviousStarted identify the previous run.
	PreviousName    string    `json:"previousName,omitempty"`
	PreviousStarted time.Time `json:"previousStarted"`
	// P99Ratio and P99MinDelta are the thresholds used.
	P99Ratio    float64       `json:"p99Ratio"`
	P99MinDelta time.Duration `json:"p99MinDeltaNs"`
	// Regressions are what got worse, in scenario order.
	Regressions []Regression `json:"regressions"`
}

// Regression is one thing that got worse since the previous run.
type Regression struct {
	Kind     string `json:"kind"`
	Scenario string `json:"scenario"`
	// Item, Was and Now are set for RegressionVerdict.
	Item string `json:"item,omitempty"`
	Was  Status `json:"was,omitempty"`
	Now  Status `json:"now,omitempty"`
	// Phase, WasP99 and NowP99 are set for RegressionP99.
	Phase  string        `json:"phase,omitempty"`
	WasP99 time.Duration `json:"wasP99Ns,omitempty"`
	NowP99 time.Duration `json:"nowP99Ns,omitempty"`
}

// String says what regressed in a sentence.
func (g Regression) String() string {
	if g.Kind == RegressionP99 {
		return fmt.Sprintf("%s: p99 latency in the %s phase rose from %v to %v (×%.2f).",
			g.Scenario, g.Phase, roundDuration(g.WasP99), roundDuration(g.NowP99),
			float64(g.NowP99)/float64(g.WasP99))
	}
	return fmt.Sprintf("%s: %q was %s and is now %s.", g.Scenario, g.Item, g.Was, g.Now)
}

// Regressed says whether item of scenario regressed.
func (t *Trend) Regressed(scenario, item string) bool {
	if t == nil {
		return false
	}
	for _, g := range t.Regressions {
		if g.Kind == RegressionVerdict && g.Scenario == scenario && g.Item == item {
			return true
		}
	}
	return false
}

func (c TrendConfig) withDefaults() TrendConfig {
	if c.P99Ratio <= 0 {
		c.P99Ratio = DefaultP99Ratio
	}
	if c.P99MinDelta <= 0 {
		c.P99MinDelta = DefaultP99MinDelta
	}
	return c
}
