package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
)

// Custom is a scenario composed from FaultKinds and CheckKinds — what an
// entry of a spec's `scenarios:` describes: faults on a schedule under the
// target's steady load, then the named checks on what was seen.
type Custom struct {
	Name   string
	Faults []FaultStep
	// Baseline, Fault and Recovery are the phases; zero takes 10 s, the
	// schedule's end plus 10 s (at least 30 s), and 10 s.
	Baseline, Fault, Recovery time.Duration
	// Rate overrides the target's steady load (requests/s); zero keeps it.
	Rate int
	// Steady tunes the gates before and after the faults.
	Steady CustomSteady
	// Checks name CheckKinds; each judges its checklist item.
	Checks []string

	builtin bool // one of Kinds: its name is its own
}

// CustomSteady tunes a composed scenario's steady gates. Zero keeps the
// harness's: before the faults 3 load windows at the SLO's availability,
// after them 2 minutes for the target to be whole again.
type CustomSteady struct {
	// MinSuccess and Windows lower the gate before the faults to Windows
	// windows with at least MinSuccess of requests served: a target that
	// fails part of its load from the start is still judged (the baseline
	// must keep the SLO for any PASS).
	MinSuccess float64
	Windows    int
	// Recover is how long the target may take to be whole after the faults.
	Recover time.Duration
}

// FaultStep is one fault of a Custom scenario and when it strikes: once
// At, Every interval (at most Times), or Random times at seeded moments;
// each injection is held Hold (zero: to the end of the fault phase).
type FaultStep struct {
	Fault           string
	At, Every, Hold time.Duration
	Times, Random   int
	Count           int     // pods hit (pod and network faults)
	Node            string  // NodeBusiest (default), NodeRandom or a worker's name
	On              string  // network faults: "pods" (default) or "node"
	Probability     float64 // network-loss: the share of packets dropped, in (0, 1]
	Process         string  // control-plane-freeze: kube-apiserver (default) or etcd
	// Paced (pod-delete) never deletes faster than the Deployment replaces.
	Paced bool
	// Rate (load-burst) is the burst's requests per second (target.burstRate).
	Rate int
	// Timeout (node-drain) bounds the drain (zero: the hold).
	Timeout time.Duration
}

// FieldError is a Custom's problem with the field it is in, relative to
// the scenario ("faults[1].probability"). Every one is an ErrComposition.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string   { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() []error { return []error{ErrComposition, e.Err} }

// ErrComposition is the class of every Custom error.
var ErrComposition = errors.New("invalid scenario")

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// MaxCustomPhase bounds each phase of a composed scenario.
const MaxCustomPhase = time.Hour

// Build checks the composition and returns the scenario for cfg's target.
// cfg.Scale stretches the phases and every fault's at, hold and timeout;
// an every interval stays as it is (a longer phase holds more
// injections), and so do the steady gates' waits (Kubernetes' pace).
func (c Custom) Build(cfg Config) (harness.Scenario, error) {
	if err := c.validate(); err != nil {
		return harness.Scenario{}, err
	}
	if c.Rate > 0 {
		cfg.Target.Rate = c.Rate
	}
	s, err := frame(Kind(c.Name), cfg)
	if err != nil {
		return harness.Scenario{}, err
	}
	t, d := cfg.Target, scaler(cfg.Scale)
	if c.Steady.MinSuccess > 0 {
		s.Steady.MinSuccess, s.Steady.Windows = c.Steady.MinSuccess, c.Steady.Windows
	}
	if c.Steady.Recover > 0 {
		s.Steady.RecoverTimeout = c.Steady.Recover
	}
	b := &builder{cfg: cfg, d: d, probe: &StateProbe{Paths: t.statePaths()}}
	end := time.Duration(0) // the last fault's end, unscaled
	for i, st := range c.Faults {
		if st.Fault == "load-burst" && !t.Local() {
			return harness.Scenario{}, fieldErr(fmt.Sprintf("faults[%d].fault", i), "load-burst is %s", ErrNotLocal)
		}
		end = max(end, st.At+st.Hold)
		st.At, st.Hold, st.Timeout = d(st.At), d(st.Hold), d(st.Timeout)
		k, _ := faultKind(st.Fault)
		step := harness.Step{Fault: k.build(st, b), At: st.At, Every: st.Every, Times: st.Times, Random: st.Random, Hold: st.Hold}
		s.Schedule.Steps = append(s.Schedule.Steps, step)
	}
	s.Phases = harness.Phases{Baseline: d(orDuration(c.Baseline, 10*time.Second)),
		Fault: d(orDuration(c.Fault, max(end+10*time.Second, 30*time.Second))), Recovery: d(orDuration(c.Recovery, 10*time.Second))}
	if c.Fault > 0 && c.Fault <= end {
		return harness.Scenario{}, fieldErr("phases.fault", "%s ends before the last fault's hold does (%s)", c.Fault, end)
	}
	slo := checks.SLO{Availability: orFloat(cfg.Availability, Availability), P99: orDuration(cfg.P99, P99), PathP99: t.pathP99()}
	b.loss = lossOf(c.Faults)
	for _, name := range c.Checks {
		k, _ := checkKind(name)
		s.Checks = append(s.Checks, k.build(b, slo))
	}
	if c.usesDependency() {
		if !t.Dependency.Set() {
			return harness.Scenario{}, fieldErr("faults", "uses target.dependency, which the spec does not declare")
		}
		t.Dependency.load(&s, t)
	}
	return s, nil
}

// builder is what the faults and checks of one Build share: the run's
// configuration, its scale and the state probe whose write and read are
// two steps.
type builder struct {
	cfg   Config
	d     func(time.Duration) time.Duration
	probe *StateProbe
	loss  float64 // the first network-loss step's probability
}

// usesDependency says whether a fault or check needs target.dependency.
func (c Custom) usesDependency() bool {
	return slices.Contains(c.Checks, "dependency-isolation") || slices.Contains(c.Checks, "dependency-ready") ||
		slices.ContainsFunc(c.Faults, func(st FaultStep) bool { return st.Fault == "dependency-partition" })
}

// lossOf is the probability of the first network-loss step, or 0.
func lossOf(steps []FaultStep) float64 {
	for _, st := range steps {
		if st.Fault == "network-loss" {
			return st.Probability
		}
	}
	return 0
}

// scaler stretches a duration by scale (zero: 1), to the second.
func scaler(scale float64) func(time.Duration) time.Duration {
	if scale <= 0 {
		scale = 1
	}
	return func(x time.Duration) time.Duration { return time.Duration(float64(x) * scale).Round(time.Second) }
}

func orFloat(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// validate checks names, parameters and the schedule of every step.
func (c Custom) validate() error {
	if c.builtin {
		if _, err := ParseKind(c.Name); err != nil {
			return &FieldError{Field: "name", Err: err}
		}
	} else if err := customName(c.Name); err != nil {
		return &FieldError{Field: "name", Err: err}
	}
	if len(c.Faults) == 0 {
		return fieldErr("faults", "a scenario needs at least one fault")
	}
	if len(c.Checks) == 0 {
		return fieldErr("checks", "a scenario needs at least one check")
	}
	for i, st := range c.Faults {
		if err := st.validate(); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return &FieldError{Field: fmt.Sprintf("faults[%d].%s", i, fe.Field), Err: fe.Err}
			}
			return err
		}
	}
	for i, name := range c.Checks {
		if _, err := checkKind(name); err != nil {
			return &FieldError{Field: fmt.Sprintf("checks[%d]", i), Err: err}
		}
		if slices.Index(c.Checks, name) != i {
			return fieldErr(fmt.Sprintf("checks[%d]", i), "%q given twice", name)
		}
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"phases.baseline", c.Baseline}, {"phases.fault", c.Fault}, {"phases.recovery", c.Recovery}} {
		if f.d < 0 || f.d > MaxCustomPhase {
			return fieldErr(f.name, "%s, want 0 (the default) to %s", f.d, MaxCustomPhase)
		}
	}
	if c.Rate < 0 {
		return fieldErr("load.rate", "%d is negative; 0 keeps target.rate", c.Rate)
	}
	switch st := c.Steady; {
	case math.IsNaN(st.MinSuccess) || st.MinSuccess < 0 || st.MinSuccess > 1:
		return fieldErr("steady.minSuccess", "%v, want a share of requests in [0, 1] (0: the SLO's availability)", st.MinSuccess)
	case st.Windows < 0 || st.Windows > 60:
		return fieldErr("steady.windows", "%d, want 0 (the default, 3) to 60 windows", st.Windows)
	case st.Windows > 0 && st.MinSuccess == 0:
		return fieldErr("steady.windows", "give steady.minSuccess with it")
	case st.Recover < 0 || st.Recover > MaxCustomPhase:
		return fieldErr("steady.recover", "%s, want 0 (the default, 2m) to %s", st.Recover, MaxCustomPhase)
	}
	return nil
}

// customName refuses names that are not DNS labels or that are a
// built-in scenario's.
func customName(n string) error {
	if n == "" {
		return errors.New("a scenario needs a name")
	}
	if _, err := ParseKind(n); err == nil {
		return fmt.Errorf("%q is a built-in scenario's name", n)
	}
	if len(n) > 63 || strings.Trim(n, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || strings.HasPrefix(n, "-") || strings.HasSuffix(n, "-") {
		return fmt.Errorf("%q, want lower-case letters, digits and '-' (at most 63)", n)
	}
	return nil
}

// validate checks one step: a known fault, only the parameters it takes,
// one way to schedule it.
func (st FaultStep) validate() error {
	k, err := faultKind(st.Fault)
	if err != nil {
		return &FieldError{Field: "fault", Err: err}
	}
	given := map[string]bool{ParamCount: st.Count != 0, ParamNode: st.Node != "", ParamOn: st.On != "",
		ParamProbability: st.Probability != 0, ParamProcess: st.Process != "", ParamPaced: st.Paced,
		ParamRate: st.Rate != 0, ParamTimeout: st.Timeout != 0}
	for _, p := range params {
		if given[p] && !slices.Contains(k.Params, p) {
			takes := "no parameters"
			if len(k.Params) > 0 {
				takes = strings.Join(k.Params, ", ")
			}
			return fieldErr(p, "fault %s does not take %s (it takes %s)", st.Fault, p, takes)
		}
	}
	switch {
	case st.Count < 0:
		return fieldErr(ParamCount, "%d is negative; 0 means one pod (all of them for network faults)", st.Count)
	case st.On != "" && st.On != "pods" && st.On != "node":
		return fieldErr(ParamOn, "%q, want pods or node", st.On)
	case st.Process != "" && st.Process != "kube-apiserver" && st.Process != "etcd":
		return fieldErr(ParamProcess, "%q, want kube-apiserver or etcd", st.Process)
	case st.Fault == "network-loss" && (math.IsNaN(st.Probability) || st.Probability <= 0 || st.Probability > 1):
		return fieldErr(ParamProbability, "%v, want the share of packets dropped in (0, 1], e.g. 0.1", st.Probability)
	case st.At < 0 || st.At > MaxCustomPhase:
		return fieldErr("at", "%s, want 0 to %s into the fault phase", st.At, MaxCustomPhase)
	case st.Hold < 0 || st.Hold > MaxCustomPhase:
		return fieldErr("hold", "%s, want 0 (to the end of the fault phase) to %s", st.Hold, MaxCustomPhase)
	case st.Every != 0 && st.Random != 0:
		return fieldErr("every", "give every or random, not both")
	case st.Every != 0 && (st.Every < harness.MinInterval || st.Every > MaxCustomPhase):
		return fieldErr("every", "%s, want %s to %s", st.Every, harness.MinInterval, MaxCustomPhase)
	case st.Times < 0 || (st.Times > 0 && st.Every == 0):
		return fieldErr("times", "%d: times bounds an every schedule and is at least 1", st.Times)
	case st.Random < 0 || st.Random > 100:
		return fieldErr("random", "%d, want 0 to 100 injections", st.Random)
	case st.Rate < 0 || st.Rate > MaxBurstRate:
		return fieldErr(ParamRate, "%d, want 0 (target.burstRate) to %d requests/s", st.Rate, MaxBurstRate)
	case st.Timeout < 0 || st.Timeout > MaxCustomPhase:
		return fieldErr(ParamTimeout, "%s, want 0 (the hold) to %s", st.Timeout, MaxCustomPhase)
	}
	return nil
}
