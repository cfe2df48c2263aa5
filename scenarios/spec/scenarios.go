package spec

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

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
	Phases Phases       `yaml:"phases,omitempty"`
	Load   ScenarioLoad `yaml:"load,omitempty"`
	Steady Steady       `yaml:"steady,omitempty"`
	// Checks name the checks (slo, no-restarts, min-ready, failover, …).
	Checks []string `yaml:"checks,flow"`
}

// Steady tunes a composed scenario's gates: before the faults, windows
// load windows with at least minSuccess of requests served (default: 3 at
// the SLO's availability); after them, recover for the target to be
// whole again (default 2m).
type Steady struct {
	MinSuccess float64       `yaml:"minSuccess,omitempty"`
	Windows    int           `yaml:"windows,omitempty"`
	Recover    time.Duration `yaml:"recover,omitempty"`
}

// Fault is one fault of a composed scenario and when it strikes: once at
// `at`, every `every` (at most `times`), or `random` times at seeded
// moments; each held `hold` (0: to the end of the fault phase).
type Fault struct {
	Fault  string        `yaml:"fault"`
	At     time.Duration `yaml:"at,omitempty"`
	Every  time.Duration `yaml:"every,omitempty"`
	Times  int           `yaml:"times,omitempty"`
	Random int           `yaml:"random,omitempty"`
	Hold   time.Duration `yaml:"hold,omitempty"`
	// Count is the pods hit; Node the worker (busiest, random or a name);
	// On says pods or node for network faults; Probability is the share
	// of packets network-loss drops; Process what control-plane-freeze
	// stops (kube-apiserver or etcd); Paced keeps pod-delete from
	// outpacing the Deployment's replacements; Rate is a load-burst's
	// requests per second; Timeout bounds a node-drain.
	Count       int           `yaml:"count,omitempty"`
	Node        string        `yaml:"node,omitempty"`
	On          string        `yaml:"on,omitempty"`
	Probability float64       `yaml:"probability,omitempty"`
	Process     string        `yaml:"process,omitempty"`
	Paced       bool          `yaml:"paced,omitempty"`
	Rate        int           `yaml:"rate,omitempty"`
	Timeout     time.Duration `yaml:"timeout,omitempty"`
}

// Phases are a composed scenario's phases; zero takes the defaults
// (baseline 10 s, fault: the last fault's end + 10 s and at least 30 s,
// recovery 10 s).
type Phases struct {
	Baseline time.Duration `yaml:"baseline,omitempty"`
	Fault    time.Duration `yaml:"fault,omitempty"`
	Recovery time.Duration `yaml:"recovery,omitempty"`
}

// ScenarioLoad overrides the target's steady load for one scenario.
type ScenarioLoad struct {
	// Rate is requests per second; 0 keeps target.rate.
	Rate int `yaml:"rate,omitempty"`
}

// Custom returns the scenario as the scenarios package composes it.
func (sc Scenario) Custom() scenarios.Custom {
	c := scenarios.Custom{Name: sc.Name, Checks: sc.Checks, Rate: sc.Load.Rate,
		Baseline: sc.Phases.Baseline, Fault: sc.Phases.Fault, Recovery: sc.Phases.Recovery,
		Steady: scenarios.CustomSteady{MinSuccess: sc.Steady.MinSuccess, Windows: sc.Steady.Windows, Recover: sc.Steady.Recover}}
	for _, f := range sc.Faults {
		c.Faults = append(c.Faults, scenarios.FaultStep{Fault: f.Fault, At: f.At, Every: f.Every, Times: f.Times, Random: f.Random,
			Hold: f.Hold, Count: f.Count, Node: f.Node, On: f.On, Probability: f.Probability, Process: f.Process,
			Paced: f.Paced, Rate: f.Rate, Timeout: f.Timeout})
	}
	return c
}

// ScenarioOf is a composition as a spec's `scenarios:` writes it: Custom's
// inverse.
func ScenarioOf(c scenarios.Custom) Scenario {
	sc := Scenario{Name: c.Name, Checks: c.Checks, Load: ScenarioLoad{Rate: c.Rate},
		Phases: Phases{Baseline: c.Baseline, Fault: c.Fault, Recovery: c.Recovery},
		Steady: Steady{MinSuccess: c.Steady.MinSuccess, Windows: c.Steady.Windows, Recover: c.Steady.Recover}}
	for _, f := range c.Faults {
		sc.Faults = append(sc.Faults, Fault{Fault: f.Fault, At: f.At, Every: f.Every, Times: f.Times, Random: f.Random,
			Hold: f.Hold, Count: f.Count, Node: f.Node, On: f.On, Probability: f.Probability, Process: f.Process,
			Paced: f.Paced, Rate: f.Rate, Timeout: f.Timeout})
	}
	return sc
}

// BuiltinsYAML writes the built-in scenarios in the `scenarios:` format:
// a user copies one into a spec under a name of its own and changes it.
func BuiltinsYAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# The built-in scenarios, as a spec's scenarios: composes them. Copy one\n" +
		"# under scenarios: in your spec, give it a name of your own and change it.\n")
	var all []Scenario
	for _, k := range scenarios.Kinds {
		c, _ := scenarios.Builtin(k)
		all = append(all, ScenarioOf(c))
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(map[string][]Scenario{"scenarios": all}); err != nil {
		return nil, fmt.Errorf("writing the built-in scenarios: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
