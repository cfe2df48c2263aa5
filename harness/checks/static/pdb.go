package static

import (
	"fmt"
	"strings"

	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/golive/resilience/harness"
)

// judgePDB passes when exactly one PodDisruptionBudget selects the
// workload's pods and, given its replicas, it allows at least one
// disruption but not all of them.
func judgePDB(m *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemPDB, w)
	var pdbs []*policyv1.PodDisruptionBudget
	for _, p := range m.pdbs {
		if w.selects(p.Namespace, p.Spec.Selector) {
			pdbs = append(pdbs, p)
			f.object(objRef("PodDisruptionBudget", p.ObjectMeta))
		}
	}
	n, _ := m.desiredReplicas(w)
	f.count("replicas", float64(n))
	switch len(pdbs) {
	case 0:
		f.failf("no PodDisruptionBudget selects its pods: a node drain may evict them all at once")
		return f.verdict("")
	case 1:
	default:
		var names []string
		for _, r := range f.objects {
			names = append(names, name(r))
		}
		f.failf("%s all select its pods: the eviction API refuses to evict a pod with more than one budget", strings.Join(names, ", "))
		return f.verdict("")
	}
	p := pdbs[0]
	pdb := name(objRef("PodDisruptionBudget", p.ObjectMeta))
	allowed, rule, err := allowedDisruptions(p, n)
	if err != nil {
		f.failf("%s: %v", pdb, err)
		return f.verdict("")
	}
	f.count("allowed_disruptions", float64(allowed))
	switch {
	case allowed >= n:
		f.failf("%s allows every pod to be disrupted (%s of %d replicas)", pdb, rule, n)
	case allowed < 1:
		f.failf("%s allows no disruption (%s of %d replicas): a node drain blocks", pdb, rule, n)
	}
	return f.passf("%s allows %d of %d pods to be disrupted at a time (%s)", pdb, allowed, n, rule)
}

// allowedDisruptions returns how many of n healthy pods the budget lets be
// evicted at once, rounding percentages up as the disruption controller
// does, and the rule it derives from.
func allowedDisruptions(p *policyv1.PodDisruptionBudget, n int) (int, string, error) {
	switch {
	case p.Spec.MaxUnavailable != nil:
		v, err := intstr.GetScaledValueFromIntOrPercent(p.Spec.MaxUnavailable, n, true)
		if err != nil {
			return 0, "", fmt.Errorf("maxUnavailable: %w", err)
		}
		return min(max(v, 0), n), "maxUnavailable " + p.Spec.MaxUnavailable.String(), nil
	case p.Spec.MinAvailable != nil:
		v, err := intstr.GetScaledValueFromIntOrPercent(p.Spec.MinAvailable, n, true)
		if err != nil {
			return 0, "", fmt.Errorf("minAvailable: %w", err)
		}
		return min(max(n-v, 0), n), "minAvailable " + p.Spec.MinAvailable.String(), nil
	}
	return n, "neither minAvailable nor maxUnavailable", nil
}
