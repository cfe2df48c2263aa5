package static

import (
	"strings"
	"testing"

	"github.com/golive/resilience/harness"
)

func TestAnd(t *testing.T) {
	t.Parallel()
	static := []harness.Verdict{
		{Item: ItemPDB, Status: harness.Fail, Reason: "no PodDisruptionBudget selects its pods"},
		{Item: ItemProbes, Status: harness.Pass, Reason: "every container has probes"},
		{Item: ItemSpread, Status: harness.Fail, Reason: "no spread rule"},
	}
	dynamic := []harness.Verdict{
		{Item: ItemPDB, Status: harness.Pass, Reason: "ready endpoints stayed ≥ 1 through the drain"},
		{Item: ItemProbes, Status: harness.Fail, Reason: "2 restarts under load"},
		{Item: ItemSpread, Status: harness.Fail, Reason: "the service went dark"},
		{Item: "SLOs / KPIs", Status: harness.Pass, Reason: "availability held"},
		{Item: ItemNetworkPolicy, Status: harness.Skip, Reason: "cluster does not enforce NetworkPolicy"},
	}
	got := And(dynamic, static)
	for i, want := range []struct {
		status  harness.Status
		phrases []string
	}{
		{harness.Fail, []string{"static: no PodDisruptionBudget selects its pods", "The run itself passed: ready endpoints"}},
		{harness.Fail, []string{"2 restarts under load.", "Static: every container has probes."}},
		{harness.Fail, []string{"the service went dark.", "Static: FAIL no spread rule."}},
		{harness.Pass, []string{"availability held"}},
		{harness.Skip, []string{"cluster does not enforce NetworkPolicy"}},
	} {
		v := got[i]
		if v.Status != want.status {
			t.Errorf("%s: %s %q, want %s", v.Item, v.Status, v.Reason, want.status)
		}
		for _, p := range want.phrases {
			if !strings.Contains(v.Reason, p) {
				t.Errorf("%s: reason %q lacks %q", v.Item, v.Reason, p)
			}
		}
	}
}
