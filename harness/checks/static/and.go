package static

import (
	"fmt"
	"maps"
	"slices"

	"github.com/golive/resilience/harness"
)

// And makes every dynamic verdict the conjunction of itself and the static
// verdict of its item, so that a run proves both columns of the checklist:
// a target with no readiness probe FAILs "readiness / liveness probes"
// whatever its run showed, and a static rule met does not turn a dynamic
// FAIL into a PASS. The worse status wins (FAIL over ERROR over SKIP over
// PASS); the reason keeps the dynamic part first and adds the static one,
// and the static counts join the evidence prefixed "static: ". Dynamic
// verdicts of items the static checklist does not judge stay as they are.
// static holds at most one verdict per item (merge several workloads'
// first, as AsCheck does).
func And(dynamic, static []harness.Verdict) []harness.Verdict {
	by := map[string]harness.Verdict{}
	for _, s := range static {
		by[s.Item] = s
	}
	out := make([]harness.Verdict, 0, len(dynamic))
	for _, d := range dynamic {
		s, ok := by[d.Item]
		if !ok {
			out = append(out, d)
			continue
		}
		v := d
		if severity[s.Status] > severity[d.Status] {
			v.Status = s.Status
		}
		switch {
		case s.Status == harness.Pass:
			v.Reason = fmt.Sprintf("%s Static: %s.", sentence(d.Reason), s.Reason)
		case d.Status == harness.Pass:
			v.Reason = fmt.Sprintf("static: %s. (The run itself passed: %s)", s.Reason, d.Reason)
		default:
			v.Reason = fmt.Sprintf("%s Static: %s %s.", sentence(d.Reason), s.Status, s.Reason)
		}
		v.Evidence.Counts = maps.Clone(d.Evidence.Counts)
		if v.Evidence.Counts == nil && len(s.Evidence.Counts) > 0 {
			v.Evidence.Counts = map[string]float64{}
		}
		for k, x := range s.Evidence.Counts {
			v.Evidence.Counts["static: "+k] = x
		}
		v.Evidence.Objects = slices.Concat(d.Evidence.Objects, s.Evidence.Objects)
		out = append(out, v)
	}
	return out
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ')':
		return s
	}
	return s + "."
}
