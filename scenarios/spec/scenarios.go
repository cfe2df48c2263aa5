package spec

import (
	"errors"
	"fmt"
	"time"

	"github.com/golive/resilience/scenarios"
)

// MaxScenarios is how many scenarios a spec may compose.
const MaxScenarios = 32

// Scenario is a scenario the user composes from the faults and checks
// `resilience list` shows: faults on a schedule under the target's steady
// load, then the checks on what was seen. It runs beside the built-in
// scenarios, by its name.
type Scenario struct {
	Name   string       `yaml:"name"`
	Faults []Fault      `yaml:"faults"`
	Phases Phases       `yaml:"phases"`
	Load   ScenarioLoad `yaml:"load"`
	// Checks name the checks (slo, no-restarts, min-ready, failover, …).
	Checks []string `yaml:"checks"`
}

// Fault is one fault of a composed scenario and when it strikes: once at
// `at`, every `every` (at most `times`), or `random` times at seeded
// moments; each held `hold` (0: to the end of the fault phase).
type Fault struct {
	Fault  string        `yaml:"fault"`
	At     time.Duration `yaml:"at"`
	Every  time.Duration `yaml:"every"`
	Times  int           `yaml:"times"`
	Random int           `yaml:"random"`
	Hold   time.Duration `yaml:"hold"`
	// Count is the pods hit; Node the worker (busiest, random or a name);
	// On says pods or node for network faults; Probability is the share
	// of packets network-loss drops; Process what control-plane-freeze
	// stops (kube-apiserver or etcd).
	Count       int     `yaml:"count"`
	Node        string  `yaml:"node"`
	On          string  `yaml:"on"`
	Probability float64 `yaml:"probability"`
	Process     string  `yaml:"process"`
}

// Phases are a composed scenario's phases; zero takes the defaults
// (baseline 10 s, fault: the last fault's end + 10 s and at least 30 s,
// recovery 10 s).
type Phases struct {
	Baseline time.Duration `yaml:"baseline"`
	Fault    time.Duration `yaml:"fault"`
	Recovery time.Duration `yaml:"recovery"`
}

// ScenarioLoad overrides the target's steady load for one scenario.
type ScenarioLoad struct {
	// Rate is requests per second; 0 keeps target.rate.
	Rate int `yaml:"rate"`
}

// Custom returns the scenario as the scenarios package composes it.
func (sc Scenario) Custom() scenarios.Custom {
	c := scenarios.Custom{Name: sc.Name, Checks: sc.Checks, Rate: sc.Load.Rate,
		Baseline: sc.Phases.Baseline, Fault: sc.Phases.Fault, Recovery: sc.Phases.Recovery}
	for _, f := range sc.Faults {
		c.Faults = append(c.Faults, scenarios.FaultStep{Fault: f.Fault, At: f.At, Every: f.Every, Times: f.Times, Random: f.Random,
			Hold: f.Hold, Count: f.Count, Node: f.Node, On: f.On, Probability: f.Probability, Process: f.Process})
	}
	return c
}

// Customs returns the spec's composed scenarios.
func (s *Spec) Customs() []scenarios.Custom {
	var out []scenarios.Custom
	for _, sc := range s.Scenarios {
		out = append(out, sc.Custom())
	}
	return out
}

// validateScenarios builds every composed scenario for each target and
// names the field of the first problem.
func (s *Spec) validateScenarios() error {
	if len(s.Scenarios) > MaxScenarios {
		return s.FieldError("scenarios", fmt.Errorf("%w: %d scenarios, at most %d", ErrOutOfRange, len(s.Scenarios), MaxScenarios))
	}
	for i, sc := range s.Scenarios {
		f := fmt.Sprintf("scenarios[%d]", i)
		for j := range i {
			if s.Scenarios[j].Name == sc.Name {
				return s.FieldError(f+".name", fmt.Errorf("%w: %q is scenarios[%d]'s name too", ErrInvalid, sc.Name, j))
			}
		}
		for _, t := range s.Tenants() {
			if _, err := sc.Custom().Build(t.Config()); err != nil {
				var fe *scenarios.FieldError
				if errors.As(err, &fe) {
					return s.FieldError(f+"."+fe.Field, fmt.Errorf("%w: %w", ErrInvalid, fe.Err))
				}
				return s.FieldError(f, fmt.Errorf("%w: %w", ErrInvalid, err))
			}
		}
	}
	return nil
}
