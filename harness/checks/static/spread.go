package static

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/harness"
)

// spreadKeys are the topology keys that spread pods over failure domains.
var spreadKeys = []string{corev1.LabelHostname, corev1.LabelTopologyZone, corev1.LabelFailureDomainBetaZone}

// judgeSpread passes when a topologySpreadConstraint or a podAntiAffinity
// term on the hostname or a zone covers the workload's own pods, and fails
// when a required podAffinity to its own pods on the hostname packs every
// replica onto one node.
func judgeSpread(_ *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemSpread, w)
	spec := w.template.Spec
	var rules []string
	if a := spec.Affinity; a != nil {
		if pa := a.PodAffinity; pa != nil {
			for _, t := range pa.RequiredDuringSchedulingIgnoredDuringExecution {
				if t.TopologyKey == corev1.LabelHostname && w.selects(w.ref.Namespace, t.LabelSelector) {
					f.failf("a required podAffinity to its own pods on %s forces every replica onto one node", t.TopologyKey)
				}
			}
		}
		if pa := a.PodAntiAffinity; pa != nil {
			for _, t := range pa.RequiredDuringSchedulingIgnoredDuringExecution {
				if w.spreads(t) {
					rules = append(rules, "a required podAntiAffinity on "+t.TopologyKey)
				}
			}
			for _, wt := range pa.PreferredDuringSchedulingIgnoredDuringExecution {
				if w.spreads(wt.PodAffinityTerm) {
					rules = append(rules, "a preferred podAntiAffinity on "+wt.PodAffinityTerm.TopologyKey)
				}
			}
		}
	}
	for _, c := range spec.TopologySpreadConstraints {
		own := len(c.MatchLabelKeys) > 0 || w.selects(w.ref.Namespace, c.LabelSelector)
		if own && slices.Contains(spreadKeys, c.TopologyKey) {
			rules = append(rules, fmt.Sprintf("a topologySpreadConstraint on %s (maxSkew %d, %s)", c.TopologyKey, c.MaxSkew, c.WhenUnsatisfiable))
		}
	}
	f.count("spread_rules", float64(len(rules)))
	if len(rules) == 0 {
		f.failf("no topologySpreadConstraint or podAntiAffinity on %s or a zone selects its own pods: one node can hold every replica", corev1.LabelHostname)
	}
	return f.passf("%s spreads its pods", joinAnd(rules))
}

// spreads reports whether an anti-affinity term keeps the workload's own
// pods apart across nodes or zones.
func (w *workload) spreads(t corev1.PodAffinityTerm) bool {
	own := len(t.MatchLabelKeys) > 0 || w.selects(w.ref.Namespace, t.LabelSelector)
	return own && slices.Contains(spreadKeys, t.TopologyKey)
}
