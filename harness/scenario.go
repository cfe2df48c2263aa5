package harness

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Sentinel errors of Scenario.Validate.
var (
	ErrNoName        = errors.New("scenario has no name")
	ErrNoNamespace   = errors.New("target has no namespace")
	ErrNoSelector    = errors.New("target has no pod selector")
	ErrNotLoopback   = errors.New("load goes to 127.0.0.1 only, or from attackers in the cluster to a Service's in-cluster name")
	ErrBadDuration   = errors.New("durations must not be negative")
	ErrNoFaultPhase  = errors.New("a schedule needs a fault phase")
	ErrOutsidePhase  = errors.New("fault scheduled outside the fault phase")
	ErrIntervalShort = errors.New("repeat interval too short")
	ErrNoFault       = errors.New("schedule step has no fault")
)

// Scenario is one resilience experiment.
type Scenario struct {
	// Name identifies the scenario in reports.
	Name string
	// Target is the workload under test.
	Target Target
	// Load is the load plan. Its Targets default to Target's URL and its
	// Duration is ignored: load runs from the start of the steady phase to
	// the end of recovery. A zero plan (no pacing) sends no load.
	Load loadgen.Plan
	// Steady is the condition the target must meet before the baseline
	// and again after the faults are reverted.
	Steady Steady
	// Phases are the durations of the baseline, fault and recovery phases.
	Phases Phases
	// Schedule is when which faults are injected.
	Schedule Schedule
	// Checks judge the run.
	Checks []Check
}

// Target is the workload under test.
type Target struct {
	// Namespace holds the workload.
	Namespace string
	// Selector chooses its pods.
	Selector map[string]string
	// Service is the Service in front of the pods; its EndpointSlices are
	// observed. Empty skips them.
	Service string
	// Port is the host port on 127.0.0.1 that kind maps to the Service's
	// NodePort; Path is requested there ("/" when empty).
	Port int
	Path string
	// URL, when set, is requested instead; its host must be a loopback
	// address.
	URL string
}

// LoadURL returns the URL load is sent to, or "" when there is none.
func (t Target) LoadURL() string {
	if t.URL != "" || t.Port == 0 {
		return t.URL
	}
	path := t.Path
	if path == "" {
		path = "/"
	}
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(t.Port)) + path
}

// plan returns the load plan to run, or false when the scenario sends none.
func (s Scenario) plan() (loadgen.Plan, bool) {
	p := s.Load
	if p.Pacing == nil {
		return p, false
	}
	if len(p.Targets) == 0 && s.Target.LoadURL() != "" {
		p.Targets = []loadgen.Target{{URL: s.Target.LoadURL()}}
	}
	p.Duration = 0
	return p, len(p.Targets) > 0
}

// Validate checks the scenario and returns a sentinel error for what is
// wrong.
func (s Scenario) Validate() error {
	if s.Name == "" {
		return ErrNoName
	}
	if s.Target.Namespace == "" {
		return fmt.Errorf("scenario %q: %w", s.Name, ErrNoNamespace)
	}
	if len(s.Target.Selector) == 0 {
		return fmt.Errorf("scenario %q: %w", s.Name, ErrNoSelector)
	}
	if u := s.Target.URL; u != "" && !loopback(u) {
		return fmt.Errorf("scenario %q: %w: %s", s.Name, ErrNotLoopback, u)
	}
	if p, ok := s.plan(); ok {
		var services []string
		for _, t := range p.Targets {
			switch {
			case serviceName(t.URL):
				u, _ := url.Parse(t.URL)
				services = append(services, u.Hostname())
			case !loopback(t.URL):
				return fmt.Errorf("scenario %q: %w: %s", s.Name, ErrNotLoopback, t.URL)
			}
		}
		if err := p.ValidateHosts(services...); err != nil {
			return fmt.Errorf("scenario %q: load plan: %w", s.Name, err)
		}
	}
	for _, d := range []time.Duration{s.Phases.Baseline, s.Phases.Fault, s.Phases.Recovery, s.Steady.Timeout} {
		if d < 0 {
			return fmt.Errorf("scenario %q: %w", s.Name, ErrBadDuration)
		}
	}
	if _, err := s.Schedule.Plan(s.Phases.Fault); err != nil {
		return fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	return nil
}

// loopback reports whether a URL's host is 127.0.0.0/8, ::1 or localhost.
// serviceName tells whether raw names a Service by its in-cluster name
// (<name>.<namespace>.svc.cluster.local): only load from inside the
// cluster reaches it — loadgen on this machine refuses any host but
// loopback unless told otherwise (loadgen.AllowHosts).
func serviceName(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	name, ns, ok := strings.Cut(strings.TrimSuffix(u.Hostname(), ".svc.cluster.local"), ".")
	return strings.HasSuffix(u.Hostname(), ".svc.cluster.local") && ok && name != "" && ns != "" && !strings.Contains(ns, ".")
}

func loopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
