package harness

import (
	"fmt"

	"github.com/golive/resilience/harness/timeline"
)

// Check judges checklist items from the timeline of a run. It reads only
// the timeline: what the load saw, what the cluster did and which faults
// ran when.
type Check interface {
	// Item is the checklist item the check proves.
	Item() string
	// Evaluate returns one verdict or more (an item may be judged per
	// phase or per object).
	Evaluate(tl *timeline.Timeline) []Verdict
}

// CheckFunc makes a Check of a function.
func CheckFunc(item string, fn func(*timeline.Timeline) []Verdict) Check { return checkFunc{item, fn} }

type checkFunc struct {
	item string
	fn   func(*timeline.Timeline) []Verdict
}

// Item returns the checklist item.
func (c checkFunc) Item() string { return c.item }

// Evaluate calls the function.
func (c checkFunc) Evaluate(tl *timeline.Timeline) []Verdict { return c.fn(tl) }

// evaluate runs every check; a panicking check or one that returns no
// verdict yields an ERROR verdict, and a verdict without an item gets the
// check's.
func evaluate(checks []Check, tl *timeline.Timeline) []Verdict {
	var out []Verdict
	for _, c := range checks {
		vs := safeEvaluate(c, tl)
		if len(vs) == 0 {
			vs = []Verdict{{Status: Error, Reason: "the check returned no verdict"}}
		}
		for _, v := range vs {
			if v.Item == "" {
				v.Item = c.Item()
			}
			if v.Status == 0 {
				v.Status, v.Reason = Error, "the check returned no status: "+v.Reason
			}
			out = append(out, v)
		}
	}
	return out
}

func safeEvaluate(c Check, tl *timeline.Timeline) (vs []Verdict) {
	defer func() {
		if r := recover(); r != nil {
			vs = []Verdict{{Item: c.Item(), Status: Error, Reason: fmt.Sprintf("the check panicked: %v", r)}}
		}
	}()
	return c.Evaluate(tl)
}
