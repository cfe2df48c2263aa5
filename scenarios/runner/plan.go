package runner

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
)

// Sentinel errors of Select and NewPlan.
var (
	ErrUnknownItem = errors.New("unknown checklist item")
	ErrNotJudged   = errors.New("judged by none of the chosen scenarios")
)

// Plan is what a run does: the scenarios, built for the spec's target,
// and the items whose verdicts it keeps.
type Plan struct {
	Spec *spec.Spec
	// Tag tags the images built for this run.
	Tag string
	// Kinds are the scenarios, in the order they run; Scenarios the same,
	// built.
	Kinds     []scenarios.Kind
	Scenarios []harness.Scenario
	// Items are the checklist items whose verdicts are kept; empty keeps
	// every verdict.
	Items []string
	// Images are the target's images with the references they get;
	// Manifests the rendered target.
	Images    []spec.Built
	Manifests *spec.Rendered
	// AttackerImage is the attackers' image, built and loaded when the
	// load comes from the cluster (spec load.from: cluster).
	AttackerImage string
	// ProbeImage is the network probe's image, built and loaded when a
	// scenario needs it ("" otherwise).
	ProbeImage string
	// Others are the plans of the spec's other targets when it has
	// several: each scenario runs them beside this one as tenants.
	Others []*Plan
	// NotRun are the scenarios NewPlan was given but left out, with why:
	// the spec does not declare what they need (a dependency).
	NotRun map[scenarios.Kind]string
}

// All returns the plan and its Others: one plan per target.
func (p *Plan) All() []*Plan { return append([]*Plan{p}, p.Others...) }

// Select chooses scenarios: kinds when given (each must judge one of
// items, when items are given), else those that judge any of items, else
// every scenario of the suite — the built-in ones, then customs (a spec's
// composed scenarios), which kinds may name too.
func Select(kinds []scenarios.Kind, items []string, customs ...scenarios.Custom) ([]scenarios.Kind, error) {
	known := spec.KnownItems()
	for _, it := range items {
		if !slices.Contains(known, it) {
			return nil, fmt.Errorf("%w %q", ErrUnknownItem, it)
		}
	}
	all := slices.Clone(scenarios.Kinds)
	for _, c := range customs {
		all = append(all, scenarios.Kind(c.Name))
	}
	for _, k := range kinds {
		if !slices.Contains(all, k) {
			return nil, fmt.Errorf("unknown scenario %q (have %s)", k, quote(kindNames(all)))
		}
	}
	pool := kinds
	if len(pool) == 0 {
		pool = all
	}
	if len(items) == 0 {
		return slices.Clone(pool), nil
	}
	var out []scenarios.Kind
	for _, k := range pool {
		if judgesAny(k, items, customs) {
			out = append(out, k)
		} else if len(kinds) > 0 {
			return nil, fmt.Errorf("scenario %s judges none of the items %s (it judges %s)", k, quote(items), quote(k.Items(customs...)))
		}
	}
	for _, it := range items {
		if !slices.ContainsFunc(out, func(k scenarios.Kind) bool { return slices.Contains(k.Items(customs...), it) }) {
			return nil, fmt.Errorf("item %q: %w", it, ErrNotJudged)
		}
	}
	return out, nil
}

func kindNames(ks []scenarios.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func judgesAny(k scenarios.Kind, items []string, customs []scenarios.Custom) bool {
	return slices.ContainsFunc(k.Items(customs...), func(it string) bool { return slices.Contains(items, it) })
}

func quote(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// NewPlan builds the scenarios of kinds (chosen already, see Select) for
// the spec's target — for each of its targets, the others in Others, when
// it has several — and renders the manifests with the images tagged tag.
// It touches no cluster and builds nothing. A scenario that needs a field
// the spec leaves empty is an error naming the field.
func NewPlan(s *spec.Spec, kinds []scenarios.Kind, items []string, tag string) (*Plan, error) {
	kinds, notRun := runnable(s, kinds)
	if len(kinds) == 0 && len(notRun) > 0 {
		for k, why := range notRun {
			return nil, fmt.Errorf("scenario %s cannot run: %s", k, why)
		}
	}
	var plans []*Plan
	for _, t := range s.Tenants() {
		p, err := newPlan(t, kinds, items, tag)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	plans[0].Others = plans[1:]
	plans[0].NotRun = notRun
	return plans[0], nil
}

// runnable leaves out the scenarios a target of the spec does not declare
// what they need for: the dependency outage without target.dependency.
func runnable(s *spec.Spec, kinds []scenarios.Kind) ([]scenarios.Kind, map[scenarios.Kind]string) {
	var out []scenarios.Kind
	var notRun map[scenarios.Kind]string
	for _, k := range kinds {
		why := ""
		for _, t := range s.Tenants() {
			if k == scenarios.DependencyOutage && !t.ScenarioTarget().Dependency.Set() {
				why = t.FieldError("target.dependency", fmt.Errorf("%w: the backend the scenario cuts the target off from", spec.ErrRequired)).Error()
				break
			}
			if k == scenarios.Autoscaling && !t.ScenarioTarget().Local() {
				why = t.FieldError("target.nodePort", fmt.Errorf("%w: the autoscaling burst is %w", spec.ErrRequired, scenarios.ErrNotLocal)).Error()
				break
			}
		}
		if why == "" {
			out = append(out, k)
			continue
		}
		if notRun == nil {
			notRun = map[scenarios.Kind]string{}
		}
		notRun[k] = why
	}
	return out, notRun
}

// newPlan is NewPlan for one target.
func newPlan(s *spec.Spec, kinds []scenarios.Kind, items []string, tag string) (*Plan, error) {
	p := &Plan{Spec: s, Tag: tag, Kinds: kinds, Items: items, Images: s.ImageRefs(tag)}
	if len(kinds) == 0 {
		return nil, errors.New("no scenario to run")
	}
	cfg := s.Config()
	if s.Load.InCluster() {
		p.AttackerImage = attackerImage(tag)
	}
	for _, k := range kinds {
		if err := needs(s, k); err != nil {
			return nil, err
		}
		if k == scenarios.NetworkPolicy {
			p.ProbeImage = strings.Split(netpol.DefaultImage, ":")[0] + ":" + tag
			cfg.ProbeImage = p.ProbeImage
		}
	}
	for _, k := range kinds {
		sc, err := scenarios.New(k, cfg)
		if err != nil {
			return nil, err
		}
		p.Scenarios = append(p.Scenarios, sc)
	}
	m, err := s.Render(p.Images)
	if err != nil {
		return nil, err
	}
	p.Manifests = m
	return p, nil
}

// needs checks the spec fields a scenario relies on beyond the required
// ones.
func needs(s *spec.Spec, k scenarios.Kind) error {
	if k != scenarios.Autoscaling {
		return nil
	}
	why := fmt.Errorf("%w: scenario %s sends its burst there", spec.ErrRequired, k)
	if s.Target.WorkPath == "" {
		return s.FieldError("target.workPath", why)
	}
	if s.Target.HPA.Min == 0 {
		return s.FieldError("target.hpa.min", fmt.Errorf("%w: the replicas scenario %s must see the HPA reach", spec.ErrRequired, k))
	}
	return nil
}
