package prove

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golive/resilience/reports"
)

// RunItem names the outcome of a scenario that stopped early, beside its
// verdicts.
const RunItem = "run"

// Outcome is one verdict as a test sees it.
type Outcome struct {
	// Scenario and Item name the verdict: "pod-termination", "graceful
	// shutdown". Item is RunItem for a scenario that was aborted or
	// interrupted.
	Scenario, Item string
	Status         reports.Status
	// Message is the verdict's reason, then its evidence, one
	// "name: value" a line.
	Message string
	// Asked says the item is one the test asked for. The static
	// checklist's record judges every item; the others are only logged.
	Asked bool
}

// Outcomes lists the verdicts of res, scenario by scenario, and an ERROR
// outcome (Item RunItem) for each scenario that was aborted or
// interrupted. An outcome is Asked when items is empty or holds its item.
func Outcomes(res *reports.Result, items []string) []Outcome {
	var out []Outcome
	for _, s := range res.Scenarios {
		for _, v := range s.Verdicts {
			out = append(out, Outcome{Scenario: s.Name, Item: v.Item, Status: v.Status, Message: message(v),
				Asked: len(items) == 0 || slices.Contains(items, v.Item)})
		}
		if s.Aborted || s.Interrupted {
			why := "aborted"
			if s.Interrupted {
				why = "interrupted"
			}
			out = append(out, Outcome{Scenario: s.Name, Item: RunItem, Status: reports.StatusError,
				Message: fmt.Sprintf("scenario %s: %s", why, s.Reason), Asked: true})
		}
	}
	return out
}

// maxObjects is how many objects a line of evidence names; the report
// has them all.
const maxObjects = 3

// message is the verdict's reason, then a line per evidence: its name,
// value and objects.
func message(v reports.Verdict) string {
	var b strings.Builder
	b.WriteString(v.Reason)
	for _, e := range v.Evidence {
		fmt.Fprintf(&b, "\n  %s", e.Name)
		var parts []string
		if e.Value != "" {
			parts = append(parts, e.Value)
		}
		if len(e.Objects) > 0 {
			parts = append(parts, objects(e.Objects))
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, ": %s", strings.Join(parts, " "))
		}
	}
	return b.String()
}

// objects names up to maxObjects objects: "[Pod/ns/a, Pod/ns/b, Pod/ns/c and 4 more]".
func objects(refs []reports.ObjectRef) string {
	var names []string
	for _, o := range refs[:min(len(refs), maxObjects)] {
		names = append(names, o.String())
	}
	s := strings.Join(names, ", ")
	if n := len(refs) - maxObjects; n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return "[" + s + "]"
}
