package harness

import (
	"fmt"
	"strings"
)

// judge evaluates the tenant's checks, then makes each verdict rest on its
// fault: SKIP when no fault could run here, ERROR when the tenant was not
// healthy before the fault or the fault did not take effect on it.
func (r *runner) judge() []Verdict {
	sick := baselineSick(r.tl, r.s.Steady.Baseline)
	var vs []Verdict
	for _, c := range r.s.Checks {
		cv := evaluate([]Check{c}, r.tl)
		if sick != "" && !judgesBaseline(c) {
			for i := range cv {
				switch cv[i].Status {
				case Pass, Inconclusive:
					cv[i].Status, cv[i].Reason = Error, sick+" (the check alone: "+cv[i].Reason+")"
				case Fail:
					cv[i].Reason += " (note: " + sick + ")"
				}
			}
		}
		vs = append(vs, cv...)
	}
	r.g.mu.Lock()
	skip := skipReason(r.res.Injections, len(r.plan))
	noEffect, partial := effectReason(r.res.Injections, len(r.plan))
	aborted := r.res.Aborted
	r.g.mu.Unlock()
	for i := range vs {
		v := &vs[i]
		switch {
		case skip != "":
			v.Status, v.Reason = Skip, skip
		case r.unready != "":
			v.Status, v.Reason = Error, r.unready
		case noEffect != "":
			v.Status, v.Reason = Error, noEffect
		case partial != "" && v.Status == Pass:
			// A PASS rests on every fault it was planned with.
			v.Status, v.Reason = Error, partial+" (the check alone would pass: "+v.Reason+")"
		case partial != "":
			v.Reason += " (also: " + partial + ")"
		}
		if aborted != nil {
			v.Aborted = true
			v.Reason += " (faults stopped early: " + aborted.Reason + ")"
		}
	}
	return vs
}

// skipReason returns why nothing could be proven when every planned
// injection was unsupported here, and "" otherwise.
func skipReason(injections []Injection, planned int) string {
	if planned == 0 || len(injections) < planned {
		return ""
	}
	for _, in := range injections {
		if !in.Skipped {
			return ""
		}
	}
	return "no fault could run here: " + injections[0].Error
}

// effectReason says whether a tenant's faults took effect on it. noEffect
// is set when none did (every injection failed, missed the tenant or was
// cut short): nothing can be judged. partial is set when some did and
// others did not: a FAIL still stands on the ones that did, a PASS does not.
// Skipped injections (unsupported here) are left to skipReason.
func effectReason(injections []Injection, planned int) (noEffect, partial string) {
	if planned == 0 {
		return "", ""
	}
	took, ran := 0, 0
	var failed, missed, cut []string
	for _, in := range injections {
		switch {
		case in.Skipped:
			continue
		case in.Missed:
			missed = append(missed, fmt.Sprintf("%s #%d hit nothing of this target: %s", in.Fault, in.Index, in.Error))
		case in.Cut:
			cut = append(cut, fmt.Sprintf("%s #%d", in.Fault, in.Index))
		case in.Injected.IsZero():
			failed = append(failed, fmt.Sprintf("%s #%d: %s", in.Fault, in.Index, in.Error))
		default:
			took++
		}
		ran++
	}
	if ran == 0 {
		return "", ""
	}
	why := func() string {
		switch {
		case len(missed) > 0:
			return "the fault did not reach this target: " + strings.Join(missed, "; ")
		case len(failed) > 0:
			return "the fault did not take effect: " + strings.Join(failed, "; ")
		default:
			return "the fault did not take effect: the fault phase ended before " + strings.Join(cut, ", ") + " showed its effect"
		}
	}
	if took == 0 {
		return why(), ""
	}
	if len(missed)+len(failed) > 0 {
		return "", why()
	}
	return "", ""
}
