package static

import (
	"slices"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/golive/resilience/harness"
)

// judgeNetworkPolicy passes when a NetworkPolicy selects the workload's
// pods and restricts their ingress, and fails when any selecting policy
// has an ingress rule that admits everything (policies add up, so one such
// rule opens the pods to every source).
func judgeNetworkPolicy(m *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemNetworkPolicy, w)
	var ingress []string
	for _, p := range m.policies {
		if !w.selects(p.Namespace, &p.Spec.PodSelector) {
			continue
		}
		ref := objRef("NetworkPolicy", p.ObjectMeta)
		f.object(ref)
		if !restrictsIngress(p) {
			continue
		}
		ingress = append(ingress, name(ref))
		for _, r := range p.Spec.Ingress {
			if len(r.From) == 0 && len(r.Ports) == 0 {
				f.failf("%s has an empty ingress rule {} that admits traffic from every source to every port", name(ref))
				break
			}
		}
	}
	f.count("network_policies", float64(len(f.objects)))
	switch {
	case len(f.objects) == 0:
		f.failf("no NetworkPolicy selects its pods: any pod in the cluster can reach them")
	case len(ingress) == 0:
		f.failf("no NetworkPolicy that selects its pods restricts their ingress")
	}
	return f.passf("%s restricts ingress to its pods", joinAnd(ingress))
}

// restrictsIngress reports whether a policy isolates its pods for
// ingress: policyTypes lists Ingress, or is empty (Ingress is implied).
func restrictsIngress(p *networkingv1.NetworkPolicy) bool {
	return len(p.Spec.PolicyTypes) == 0 || slices.Contains(p.Spec.PolicyTypes, networkingv1.PolicyTypeIngress)
}
