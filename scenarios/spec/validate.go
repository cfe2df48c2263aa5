package spec

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/scenarios"
)

// Limits of Validate.
const (
	MinNodePort = 30000
	MaxNodePort = 32767
	// MaxPort bounds target.port.
	MaxPort    = 65535
	MaxWorkers = 10
	MaxRate    = 10000
	MaxScale   = 100
)

// Default fills the zero fields that have a default.
func (s *Spec) Default() {
	if s.Name == "" {
		s.Name = DefaultName
	}
	if s.Cluster.Name == "" {
		s.Cluster.Name = kind.DefaultName
	}
	if s.Cluster.Workers == 0 {
		s.Cluster.Workers = DefaultWorkers
	}
	if len(s.Targets) == 0 {
		s.Target.defaults()
	}
	for i := range s.Targets {
		s.Targets[i].defaults()
	}
	if s.Scale == 0 {
		s.Scale = DefaultScale
	}
	if s.Load.From == "" {
		s.Load.From = LoadLocal
	}
	if s.Load.InCluster() && s.Load.Attackers == 0 {
		s.Load.Attackers = DefaultAttackers
	}
}

func (t *Target) defaults() {
	if len(t.Paths) == 0 {
		t.Paths = []Path{{Path: "/", Weight: DefaultWeight}}
	}
	for i := range t.Paths {
		if t.Paths[i].Weight == 0 {
			t.Paths[i].Weight = DefaultWeight
		}
	}
	if t.Rate == 0 {
		t.Rate = DefaultRate
	}
}

// Validate checks every field and returns the first problem as a
// *FieldError. It expects Default to have run.
func (s *Spec) Validate() error {
	if len(s.Targets) > 0 {
		return s.validateTenants()
	}
	for _, check := range []func() error{s.validateCluster, s.validateTarget, s.validateImages,
		s.validateLoad, s.validateLoadFrom, s.validateSLO, s.validateItems, s.validateScenarios} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validateTenants checks a spec with several targets: each as a target of
// its own, then what they share (the cluster, the SLO, the items) once;
// no two may share a namespace or a NodePort.
func (s *Spec) validateTenants() error {
	if _, ok := s.lines["target"]; ok {
		return s.FieldError("target", fmt.Errorf("%w: give target or targets, not both", ErrInvalid))
	}
	if len(s.Targets) > MaxTargets {
		return s.FieldError("targets", fmt.Errorf("%w: %d targets, at most %d", ErrOutOfRange, len(s.Targets), MaxTargets))
	}
	namespaces, ports := map[string]int{}, map[int]int{}
	for i, t := range s.Tenants() {
		for _, check := range []func() error{t.validateTarget, t.validateImages, t.validateLoad} {
			if err := check(); err != nil {
				return err
			}
		}
		if j, ok := namespaces[t.Target.Namespace]; ok {
			return t.FieldError("target.namespace", fmt.Errorf("%w: targets[%d] has namespace %s too", ErrDuplicate, j, t.Target.Namespace))
		}
		if j, ok := ports[t.Target.NodePort]; ok && t.Target.NodePort != 0 {
			return t.FieldError("target.nodePort", fmt.Errorf("%w: targets[%d] has NodePort %d too", ErrDuplicate, j, t.Target.NodePort))
		}
		namespaces[t.Target.Namespace], ports[t.Target.NodePort] = i, i
	}
	for _, check := range []func() error{s.validateCluster, s.validateLoadFrom, s.validateSLO, s.validateItems, s.validateScenarios} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Spec) validateCluster() error {
	if err := dnsLabel(s.Cluster.Name); err != nil {
		return s.FieldError("cluster.name", err)
	}
	if w := s.Cluster.Workers; w < 1 || w > MaxWorkers {
		return s.FieldError("cluster.workers", fmt.Errorf("%w: %d, want 1 to %d; 0 means the default %d", ErrOutOfRange, w, MaxWorkers, DefaultWorkers))
	}
	if !finite(s.Scale) || s.Scale <= 0 || s.Scale > MaxScale {
		return s.FieldError("scale", fmt.Errorf("%w: %g, want more than 0 and at most %d; 0 means the default %g", ErrOutOfRange, s.Scale, MaxScale, DefaultScale))
	}
	return nil
}

func (s *Spec) validateTarget() error {
	t := s.Target
	if t.Namespace == "" {
		return s.FieldError("target.namespace", ErrRequired)
	}
	if err := dnsLabel(t.Namespace); err != nil {
		return s.FieldError("target.namespace", err)
	}
	if len(t.Manifests) == 0 {
		return s.FieldError("target.manifests", fmt.Errorf("%w: a kustomize folder or YAML files", ErrRequired))
	}
	for i, m := range t.Manifests {
		if strings.TrimSpace(m) == "" {
			return s.FieldError(fmt.Sprintf("target.manifests[%d]", i), fmt.Errorf("%w: empty path", ErrInvalid))
		}
	}
	if t.Deployment == "" {
		return s.FieldError("target.deployment", ErrRequired)
	}
	if errs := validation.IsDNS1123Subdomain(t.Deployment); len(errs) > 0 {
		return s.FieldError("target.deployment", fmt.Errorf("%w: %s", ErrInvalid, errs[0]))
	}
	if len(t.Selector) == 0 {
		return s.FieldError("target.selector", fmt.Errorf("%w: the labels of the target's pods", ErrRequired))
	}
	for _, k := range slices.Sorted(maps.Keys(t.Selector)) {
		errs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(t.Selector[k])...)
		if len(errs) > 0 {
			return s.FieldError("target.selector."+k, fmt.Errorf("%w: %s", ErrInvalid, errs[0]))
		}
	}
	return nil
}

func (s *Spec) validateLoad() error {
	t := s.Target
	switch {
	case t.NodePort == 0 && !s.Load.InCluster():
		return s.FieldError("target.nodePort", fmt.Errorf("%w: the Service's node port, %d to %d, for load from this machine; a target reached only through its Service takes load: {from: %s} and target.port",
			ErrRequired, MinNodePort, MaxNodePort, LoadCluster))
	case t.NodePort != 0 && (t.NodePort < MinNodePort || t.NodePort > MaxNodePort):
		return s.FieldError("target.nodePort", fmt.Errorf("%w: %d, want %d to %d", ErrOutOfRange, t.NodePort, MinNodePort, MaxNodePort))
	case t.Port < 0 || t.Port > MaxPort:
		return s.FieldError("target.port", fmt.Errorf("%w: %d, want 1 to %d", ErrOutOfRange, t.Port, MaxPort))
	case t.NodePort == 0 && t.Port == 0:
		return s.FieldError("target.port", fmt.Errorf("%w: the Service's port, 1 to %d: without a nodePort the attackers aim at the Service", ErrRequired, MaxPort))
	}
	if errs := validation.IsDNS1035Label(t.ServiceName()); t.Service != "" && len(errs) > 0 {
		return s.FieldError("target.service", fmt.Errorf("%w: %s", ErrInvalid, errs[0]))
	}
	total := 0
	for i, p := range t.Paths {
		f := fmt.Sprintf("target.paths[%d]", i)
		if !strings.HasPrefix(p.Path, "/") {
			return s.FieldError(f+".path", fmt.Errorf("%w: %q does not start with /", ErrInvalid, p.Path))
		}
		if p.Weight < 0 {
			return s.FieldError(f+".weight", fmt.Errorf("%w: %d is negative; 0 means the default %d", ErrOutOfRange, p.Weight, DefaultWeight))
		}
		if p.P99 < 0 {
			return s.FieldError(f+".p99", fmt.Errorf("%w: %s is negative; 0 means slo.p99", ErrOutOfRange, p.P99))
		}
		total += p.Weight
	}
	if total > loadgen.MaxTotalWeight {
		return s.FieldError("target.paths", fmt.Errorf("%w: weights add up to %d, more than %d", ErrOutOfRange, total, loadgen.MaxTotalWeight))
	}
	if t.WorkPath != "" && !strings.HasPrefix(t.WorkPath, "/") {
		return s.FieldError("target.workPath", fmt.Errorf("%w: %q does not start with /", ErrInvalid, t.WorkPath))
	}
	if err := s.validateState(t.State); err != nil {
		return err
	}
	if err := s.validateDependency(); err != nil {
		return err
	}
	if t.Rate < 1 || t.Rate > MaxRate {
		return s.FieldError("target.rate", fmt.Errorf("%w: %d requests/s, want 1 to %d; 0 means the default %d", ErrOutOfRange, t.Rate, MaxRate, DefaultRate))
	}
	for _, c := range []struct {
		field string
		v     int
		zero  string // what 0 means
	}{
		{"target.minReady", t.MinReady, "; 0 means the PodDisruptionBudget's own minimum"},
		{"target.hpa.min", t.HPA.Min, ""},
		{"target.hpa.back", t.HPA.Back, "; 0 means the HPA's minReplicas"},
		{"target.hpa.burst", t.HPA.Burst, fmt.Sprintf("; 0 means the default %d", scenarios.BurstRate)},
	} {
		if c.v < 0 {
			return s.FieldError(c.field, fmt.Errorf("%w: %d is negative%s", ErrOutOfRange, c.v, c.zero))
		}
	}
	if t.HPA.Burst > MaxRate {
		return s.FieldError("target.hpa.burst", fmt.Errorf("%w: %d requests/s, more than %d", ErrOutOfRange, t.HPA.Burst, MaxRate))
	}
	if t.HPA.Within < 0 {
		return s.FieldError("target.hpa.within", fmt.Errorf("%w: %s is negative; 0 means the default", ErrOutOfRange, t.HPA.Within))
	}
	if t.HPA.Back > t.HPA.Min && t.HPA.Min > 0 {
		return s.FieldError("target.hpa.back", fmt.Errorf("%w: %d is more than hpa.min %d", ErrOutOfRange, t.HPA.Back, t.HPA.Min))
	}
	return nil
}

func (s *Spec) validateSLO() error {
	if a := s.SLO.Availability; !finite(a) || a < 0 || a > 1 {
		return s.FieldError("slo.availability", fmt.Errorf("%w: %g, want a ratio in (0, 1], e.g. 0.999; 0 means the default %g",
			ErrOutOfRange, a, scenarios.Availability))
	}
	if s.SLO.P99 < 0 {
		return s.FieldError("slo.p99", fmt.Errorf("%w: %s is negative; 0 means the default %s", ErrOutOfRange, s.SLO.P99, scenarios.P99))
	}
	return nil
}

func (s *Spec) validateItems() error {
	known := KnownItems()
	for i, it := range s.Items {
		f := fmt.Sprintf("items[%d]", i)
		if !slices.Contains(known, it) {
			return s.FieldError(f, fmt.Errorf("%w %q (have %s)", ErrUnknownItem, it, quoteAll(known)))
		}
		if slices.Contains(s.Items[:i], it) {
			return s.FieldError(f, fmt.Errorf("%w: %q", ErrDuplicate, it))
		}
	}
	return nil
}

// KnownItems lists the checklist items the suite's scenarios judge, in
// the order of scenarios.Kinds.
func KnownItems() []string {
	var out []string
	for _, k := range scenarios.Kinds {
		for _, it := range k.Items() {
			if !slices.Contains(out, it) {
				out = append(out, it)
			}
		}
	}
	return out
}

// finite reports whether f is a number: neither NaN nor ±Inf. NaN passes
// every comparison a range check makes, so each float is checked first.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func dnsLabel(v string) error {
	if errs := validation.IsDNS1123Label(v); len(errs) > 0 {
		return fmt.Errorf("%w: %q: %s", ErrInvalid, v, errs[0])
	}
	return nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// validateState checks the state paths: both or neither, each a path with
// "{key}", a write method of PUT or POST.
func (s *Spec) validateState(st State) error {
	if st == (State{}) {
		return nil
	}
	for _, f := range []struct{ field, v string }{{"target.state.write", st.Write}, {"target.state.read", st.Read}} {
		switch {
		case f.v == "":
			return s.FieldError(f.field, fmt.Errorf("%w: give both state.write and state.read, or neither", ErrInvalid))
		case !strings.HasPrefix(f.v, "/"):
			return s.FieldError(f.field, fmt.Errorf("%w: %q does not start with /", ErrInvalid, f.v))
		case !strings.Contains(f.v, "{key}"):
			return s.FieldError(f.field, fmt.Errorf("%w: %q has no {key} for the key to go", ErrInvalid, f.v))
		}
	}
	switch st.Method {
	case "", "PUT", "POST":
	default:
		return s.FieldError("target.state.method", fmt.Errorf("%w: %q, want PUT or POST", ErrInvalid, st.Method))
	}
	return nil
}
