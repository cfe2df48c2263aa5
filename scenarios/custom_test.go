package scenarios

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/fault/network"
)

func TestCustomBuild(t *testing.T) {
	t.Parallel()
	c := Custom{Name: "api-server-frozen", Checks: []string{"slo", "no-restarts"}, Faults: []FaultStep{
		{Fault: "control-plane-freeze", At: 5 * time.Second, Hold: 30 * time.Second},
		{Fault: "dns-outage", At: 40 * time.Second, Hold: 20 * time.Second},
	}}
	s, err := c.Build(Config{Target: Demo("shop")})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "api-server-frozen" || s.Phases.Baseline != 10*time.Second || s.Phases.Fault != 70*time.Second || s.Phases.Recovery != 10*time.Second {
		t.Errorf("scenario %s, phases %+v: want the last fault's end + 10 s of fault phase", s.Name, s.Phases)
	}
	if len(s.Schedule.Steps) != 2 || s.Schedule.Steps[0].Fault != (controlplane.Freeze{}) || s.Schedule.Steps[1].Fault != (network.DNSOutage{}) ||
		s.Schedule.Steps[0].At != 5*time.Second || s.Schedule.Steps[0].Hold != 30*time.Second {
		t.Errorf("steps %+v", s.Schedule.Steps)
	}
	if got := ItemsOf(s); strings.Join(got, ",") != checks.ItemSLO+","+checks.ItemProbes {
		t.Errorf("items %v", got)
	}
	if len(s.Load.Targets) != 2 {
		t.Errorf("load %+v: want the target's two steady paths", s.Load.Targets)
	}
	// Built by name through New, as runs do.
	if _, err := New(Kind("api-server-frozen"), Config{Target: Demo("shop"), Custom: []Custom{c}}); err != nil {
		t.Errorf("New by name: %v", err)
	}
	// The dependency's checks load its paths too.
	d := Custom{Name: "store-lost", Checks: []string{"dependency-isolation"}, Faults: []FaultStep{{Fault: "dependency-partition", Hold: 20 * time.Second}}}
	s, err = d.Build(Config{Target: Demo("shop")})
	if err != nil || len(s.Load.Targets) != 3 {
		t.Errorf("dependency scenario: %v, load %+v", err, s.Load.Targets)
	}
}

func TestCustomErrors(t *testing.T) {
	t.Parallel()
	ok := func(change func(*Custom)) Custom {
		c := Custom{Name: "mine", Checks: []string{"slo"}, Faults: []FaultStep{{Fault: "pod-delete", Every: 10 * time.Second}}}
		change(&c)
		return c
	}
	noDep := Demo("shop")
	noDep.Dependency = Dependency{}
	inside := Demo("shop")
	inside.NodePort, inside.ServicePort = 0, 80
	for _, tc := range []struct {
		c      Custom
		target Target
		field  string
		msg    string
	}{
		{ok(func(c *Custom) { c.Name = "" }), Demo("x"), "name", "a scenario needs a name"},
		{ok(func(c *Custom) { c.Name = "node-loss" }), Demo("x"), "name", `"node-loss" is a built-in scenario's name`},
		{ok(func(c *Custom) { c.Name = "My Scenario" }), Demo("x"), "name", "want lower-case letters"},
		{ok(func(c *Custom) { c.Faults[0].Fault = "meteor" }), Demo("x"), "faults[0].fault", `unknown fault "meteor"`},
		{ok(func(c *Custom) { c.Faults[0].Probability = 0.1 }), Demo("x"), "faults[0].probability", "fault pod-delete does not take probability (it takes count, paced)"},
		{ok(func(c *Custom) { c.Faults[0] = FaultStep{Fault: "network-loss"} }), Demo("x"), "faults[0].probability", "want the share of packets dropped in (0, 1]"},
		{ok(func(c *Custom) { c.Faults[0] = FaultStep{Fault: "dns-outage", Node: "w1"} }), Demo("x"), "faults[0].node", "fault dns-outage does not take node (it takes no parameters)"},
		{ok(func(c *Custom) { c.Faults[0].Every = time.Millisecond }), Demo("x"), "faults[0].every", "want"},
		{ok(func(c *Custom) { c.Faults[0].Random = 2 }), Demo("x"), "faults[0].every", "give every or random, not both"},
		{ok(func(c *Custom) { c.Faults[0].Every, c.Faults[0].Times = 0, 3 }), Demo("x"), "faults[0].times", "times bounds an every schedule"},
		{ok(func(c *Custom) { c.Checks = []string{"uptime"} }), Demo("x"), "checks[0]", `unknown check "uptime"`},
		{ok(func(c *Custom) { c.Checks = []string{"slo", "slo"} }), Demo("x"), "checks[1]", `"slo" given twice`},
		{ok(func(c *Custom) { c.Faults = nil }), Demo("x"), "faults", "at least one fault"},
		{ok(func(c *Custom) {
			c.Fault = 10 * time.Second
			c.Faults[0] = FaultStep{Fault: "dns-outage", Hold: 20 * time.Second}
		}), Demo("x"), "phases.fault", "ends before the last fault's hold does"},
		{ok(func(c *Custom) { c.Checks = []string{"dependency-ready"} }), noDep, "faults", "uses target.dependency, which the spec does not declare"},
		{ok(func(c *Custom) { c.Faults[0].Rate = 30 }), Demo("x"), "faults[0].rate", "fault pod-delete does not take rate (it takes count, paced)"},
		{ok(func(c *Custom) { c.Faults[0] = FaultStep{Fault: "load-burst", Rate: -1} }), Demo("x"), "faults[0].rate", "want 0 (target.burstRate) to 1000"},
		{ok(func(c *Custom) { c.Faults[0] = FaultStep{Fault: "load-burst"} }), inside, "faults[0].fault", "load-burst is sent from this machine, which reaches the target only through a nodePort, and it has none"},
		{ok(func(c *Custom) { c.Faults[0] = FaultStep{Fault: "node-drain", Timeout: -time.Second} }), Demo("x"), "faults[0].timeout", "want 0 (the hold)"},
		{ok(func(c *Custom) { c.Steady.MinSuccess = 1.5 }), Demo("x"), "steady.minSuccess", "want a share of requests in [0, 1]"},
		{ok(func(c *Custom) { c.Steady.Windows = 2 }), Demo("x"), "steady.windows", "give steady.minSuccess with it"},
		{ok(func(c *Custom) { c.Steady.Recover = 2 * time.Hour }), Demo("x"), "steady.recover", "want 0 (the default, 2m) to 1h0m0s"},
	} {
		_, err := tc.c.Build(Config{Target: tc.target})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(fe.Err.Error(), tc.msg) || !errors.Is(err, ErrComposition) {
			t.Errorf("%+v: error %v, want field %s saying %q", tc.c, err, tc.field, tc.msg)
		}
	}
}
