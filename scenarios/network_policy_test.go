package scenarios_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// Network policy: enforced by the cluster (self-test), only listed clients
// admitted, egress limited to DNS, the NodePort load path held.
func TestNetworkPolicy(t *testing.T) {
	prove(t, checks.ItemNetworkPolicy, networkPolicyRows...)
}

// networkPolicyRows are TestNetworkPolicy's rows; the suite deploys their variants side by side.
var networkPolicyRows = register(
	good(scenarios.NetworkPolicy),
	twin(scenarios.NetworkPolicy, "no-networkpolicy", "no NetworkPolicy selects the target's pods"),
	twin(scenarios.NetworkPolicy, "allow-all-networkpolicy", "admits clients it does not list"))

// Without an enforcer the proof must not pass: the good target's
// network-policy verdict is SKIP "cluster does not enforce NetworkPolicy".
// The run removes kube-router (the node image's pod network and policy
// enforcer) and its revert puts it back, after which the self-test sees
// enforcement again. It runs alone: the enforcer serves every namespace.
func TestNetworkPolicyWithoutEnforcer(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs scenarios on a kind cluster; skipped under -short")
	}
	if !suiteReady {
		t.Fatal("suite setup failed")
	}
	rs, err := runTenants(withoutEnforcer, scenarios.NetworkPolicy, []target.Variant{target.Good}, 0, func(s *harness.Scenario) {
		s.Name += "-without-enforcer"
		s.Phases.Fault = 75 * time.Second
		s.Schedule.Steps = []harness.Step{harness.At(0, inOrder{netpol.RemoveEnforcer{}, netpol.Probe{Image: probeRef}}).For(70 * time.Second)}
	})
	if err != nil {
		t.Fatal(err)
	}
	res := rs[target.Good]
	var got *harness.Verdict
	for i, v := range res.Verdicts {
		if v.Item == checks.ItemNetworkPolicy && got == nil {
			got = &res.Verdicts[i]
		}
	}
	if got == nil || got.Status != harness.Skip || !strings.Contains(got.Reason, "cluster does not enforce NetworkPolicy") {
		t.Fatalf("without the enforcer: verdict %+v, want SKIP \"cluster does not enforce NetworkPolicy\"", got)
	}
	t.Logf("without the enforcer: %s — %s", got.Status, got.Reason)
	cs, err := suiteCluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	e, err := netpol.SelfTest(suiteCtx, cs, netpol.SelfTestOptions{Image: probeRef, RunID: "restored"})
	if err != nil || !e.Enforced {
		t.Fatalf("enforcer restored: self-test %+v, %v; want enforced", e, err)
	}
	t.Logf("enforcer restored: a default-deny blocked after %s, reopened after %s", e.BlockedAfter, e.ReopenedAfter)
}

// inOrder injects faults one after the other with one undo.
type inOrder []fault.Fault

func (f inOrder) Name() string { return f[len(f)-1].Name() }

func (f inOrder) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	for _, x := range f {
		if err := x.Inject(ctx, env, undo); err != nil {
			return err
		}
	}
	return nil
}
