package static_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/scenarios/target"
)

// twinMatrix says, for the demo target and each of its defect twins, which
// items must FAIL and a phrase each one's reason must hold; every other
// item must PASS.
var twinMatrix = map[target.Variant]map[string]string{
	target.Good: {},
	"exit-on-sigterm": {
		static.ItemGracefulShutdown: "no preStop hook: traffic can reach the pod after it stops listening",
	},
	"ready-during-shutdown": {
		static.ItemGracefulShutdown: "no preStop hook: traffic can reach the pod after it stops listening",
	},
	"short-grace": {
		static.ItemGracefulShutdown: `terminationGracePeriodSeconds 3 leaves 1s after container "target"'s 2s preStop sleep, less than the 5s margin`,
	},
	"no-pdb": {static.ItemPDB: "no PodDisruptionBudget selects its pods"},
	"publish-not-ready": {
		static.ItemProbes: "Service shop/target publishes not-ready addresses",
	},
	"pdb-allows-all": {static.ItemPDB: "allows every pod to be disrupted (maxUnavailable 100% of 4 replicas)"},
	"pdb-blocks-all": {static.ItemPDB: "allows no disruption (maxUnavailable 0 of 4 replicas): a node drain blocks"},
	"single-replica": {
		static.ItemReplicas: "runs 1 replica, fewer than the 2 required",
		static.ItemHPA:      "no HorizontalPodAutoscaler targets it",
		static.ItemPDB:      "no PodDisruptionBudget selects its pods",
	},
	"one-node": {
		static.ItemSpread: "a required podAffinity to its own pods on kubernetes.io/hostname forces every replica onto one node",
	},
	"no-cpu-requests": {
		static.ItemResources: `container "target" sets no cpu request or cpu limit`,
		static.ItemHPA:       `scales on CPU utilization but container "target" has no cpu request`,
	},
	"recreate":                {static.ItemRollout: "strategy Recreate stops every pod before the new ones start"},
	"no-networkpolicy":        {static.ItemNetworkPolicy: "no NetworkPolicy selects its pods"},
	"allow-all-networkpolicy": {static.ItemNetworkPolicy: "has an empty ingress rule {} that admits traffic from every source"},
	// The liveness probe that kills busy pods is visible statically: it
	// times out (2 s) after its own period (1 s) has passed.
	"liveness-under-load": {
		static.ItemProbes: `container "target" livenessProbe times out after 2s, longer than its 1s period`,
	},
	// A memory limit too low for the load only shows under load.
	"low-memory": {},
	// State kept in memory, 2 % of requests failing and a quota without
	// room for a surge pod only show under load and faults.
	"in-memory-state": {},
	"errors-2pct":     {},
	"quota-no-surge":  {},
	// Probes and a client that depend on a dependency only show when it
	// is lost.
	"readiness-checks-dependency": {},
	"liveness-checks-dependency":  {},
	"no-client-timeout":           {},
	// Statically sane (timeout within period): only packet loss shows
	// that one failed probe restarts it.
	"fragile-liveness": {},
	// Not a defect: podinfo's shape, two replicas and a slow readiness probe.
	"slow-readiness": {},
	"no-probes": {
		static.ItemProbes: `container "target" has no readinessProbe`,
	},
	"no-limits": {
		static.ItemResources: `container "target" sets no cpu limit or memory limit`,
	},
}

func TestTargetVariants(t *testing.T) {
	t.Parallel()
	twins, err := target.Twins()
	if err != nil {
		t.Fatal(err)
	}
	for _, tw := range twins {
		if _, ok := twinMatrix[tw.Variant]; !ok {
			t.Errorf("twin %s (%s) has no row in the matrix", tw.Variant, tw.Defect)
		}
	}
	for v, fails := range twinMatrix {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			vs := checkVariant(t, v)
			want, got := map[string]string{}, map[string]string{}
			for _, it := range static.Items() {
				want[it] = "PASS"
			}
			for it := range fails {
				want[it] = "FAIL"
			}
			for _, vd := range vs {
				if _, dup := got[vd.Item]; dup {
					t.Errorf("two verdicts for %q", vd.Item)
				}
				got[vd.Item] = vd.Status.String()
				if phrase := fails[vd.Item]; !strings.Contains(vd.Reason, phrase) {
					t.Errorf("%s reason %q does not say %q", vd.Item, vd.Reason, phrase)
				}
				if !strings.HasPrefix(vd.Reason, "Deployment shop/target: ") {
					t.Errorf("%s reason %q does not name the workload first", vd.Item, vd.Reason)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}
