package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/golive/resilience/scenarios"
)

// MaxDependencyTimeout bounds target.dependency.timeout: a longer timeout
// is no timeout for a caller behind a load balancer.
const MaxDependencyTimeout = time.Minute

// Dependency is a backend the target calls on some paths (a database, a
// store, another service) in the target's namespace. The dependency-outage
// scenario cuts the target's pods off from it and judges how the target
// degrades; without it that scenario does not run.
type Dependency struct {
	// Service names its Service; Selector chooses its pods.
	Service  string            `yaml:"service"`
	Selector map[string]string `yaml:"selector"`
	// Paths are the requests that call it, loaded beside target.paths
	// while the scenario runs (target.paths must not need it).
	Paths []Path `yaml:"paths"`
	// Timeout is the target's own timeout on a call to it.
	Timeout time.Duration `yaml:"timeout"`
}

// set says whether any field of the dependency is given.
func (d Dependency) set() bool {
	return d.Service != "" || len(d.Selector) > 0 || len(d.Paths) > 0 || d.Timeout != 0
}

// validateDependency checks target.dependency: all of it or none.
func (s *Spec) validateDependency() error {
	d := s.Target.Dependency
	if !d.set() {
		return nil
	}
	const f = "target.dependency"
	if d.Service == "" {
		return s.FieldError(f+".service", fmt.Errorf("%w: the dependency's Service, in the target's namespace", ErrRequired))
	}
	if err := dnsLabel(d.Service); err != nil {
		return s.FieldError(f+".service", err)
	}
	if len(d.Selector) == 0 {
		return s.FieldError(f+".selector", fmt.Errorf("%w: the labels of the dependency's pods", ErrRequired))
	}
	for _, k := range slices.Sorted(maps.Keys(d.Selector)) {
		if errs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(d.Selector[k])...); len(errs) > 0 {
			return s.FieldError(f+".selector."+k, fmt.Errorf("%w: %s", ErrInvalid, errs[0]))
		}
	}
	if len(d.Paths) == 0 {
		return s.FieldError(f+".paths", fmt.Errorf("%w: the requests that call the dependency", ErrRequired))
	}
	for i, p := range d.Paths {
		pf := fmt.Sprintf("%s.paths[%d]", f, i)
		if !strings.HasPrefix(p.Path, "/") {
			return s.FieldError(pf+".path", fmt.Errorf("%w: %q does not start with /", ErrInvalid, p.Path))
		}
		if p.Weight < 0 {
			return s.FieldError(pf+".weight", fmt.Errorf("%w: %d is negative; 0 means the default %d", ErrOutOfRange, p.Weight, DefaultWeight))
		}
		if slices.ContainsFunc(s.Target.Paths, func(q Path) bool { return q.Path == p.Path }) {
			return s.FieldError(pf+".path", fmt.Errorf("%w: %q is in target.paths too: the steady load's paths must not need the dependency", ErrInvalid, p.Path))
		}
	}
	if d.Timeout <= 0 || d.Timeout > MaxDependencyTimeout {
		return s.FieldError(f+".timeout", fmt.Errorf("%w: %s, want the target's timeout on a call to it, above 0 and at most %s", ErrOutOfRange, d.Timeout, MaxDependencyTimeout))
	}
	return nil
}

// scenarioDependency is the dependency as the scenarios take it.
func (d Dependency) scenarioDependency() scenarios.Dependency {
	out := scenarios.Dependency{Service: d.Service, Selector: d.Selector, Timeout: d.Timeout}
	for _, p := range d.Paths {
		out.Paths = append(out.Paths, scenarios.Path{Path: p.Path, Weight: max(p.Weight, DefaultWeight)})
	}
	return out
}
