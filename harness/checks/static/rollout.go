package static

import (
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/golive/resilience/harness"
)

// defaultHistory is revisionHistoryLimit when unset.
const defaultHistory = 10

// judgeRollout passes when the workload rolls updates (RollingUpdate, with
// a maxUnavailable that keeps some pods serving) and keeps revisions to
// roll back to.
func judgeRollout(m *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemRollout, w)
	n, _ := m.desiredReplicas(w)
	history := deref(w.history, defaultHistory)
	f.count("revision_history_limit", float64(history))
	switch w.strategy {
	case "Recreate":
		f.failf("%s Recreate stops every pod before the new ones start", w.field)
	case "OnDelete":
		f.failf("%s OnDelete replaces no pod until someone deletes it", w.field)
	case "RollingUpdate":
		// Deployments round maxUnavailable down; so does the StatefulSet
		// controller.
		down, err := intstr.GetScaledValueFromIntOrPercent(w.maxUnavailable, n, false)
		switch {
		case err != nil:
			f.failf("maxUnavailable %s is neither a number nor a percentage", w.maxUnavailable)
		case down >= n:
			f.failf("maxUnavailable %s lets a rollout take all %d pods down at once", w.maxUnavailable, n)
		default:
			f.count("max_unavailable", float64(down))
		}
	default:
		f.failf("%s %q is not a strategy the controller knows", w.field, w.strategy)
	}
	if history < 1 {
		f.failf("revisionHistoryLimit %d keeps no old revision to roll back to", history)
	}
	return f.passf("%s RollingUpdate with maxUnavailable %s of %s, keeping %d revisions to roll back to",
		w.field, w.maxUnavailable, plural(n, "replica"), history)
}
