package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// Spread judges anti-affinity / spread on where the target's pods sat as
// the fault phase began (the harness's placement note): no node may hold
// more than ⌈pods / schedulable nodes⌉ of them, the share a spread
// workload loses with one node. A target whose pods happened to land well
// without a rule still FAILs the static half of the item.
type Spread struct {
	// ItemName overrides the item (default ItemSpread).
	ItemName string
}

var _ harness.Check = Spread{}

// Item is the checklist item judged.
func (c Spread) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemSpread
}

// Evaluate reads the placement note and judges it.
func (c Spread) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	notes := tl.Events(func(e timeline.Event) bool {
		return e.Kind == timeline.KindNote && e.Source == "harness" && strings.HasPrefix(e.Message, harness.MsgPlacement)
	})
	if len(notes) == 0 {
		return []harness.Verdict{{Item: c.Item(), Status: harness.Error, Reason: "the run recorded no placement of the pods before the fault"}}
	}
	e := notes[0]
	nodes, _ := strconv.Atoi(e.Attrs[harness.AttrSchedulable])
	type on struct {
		node string
		pods int
	}
	var placed []on
	total := 0
	for k, v := range e.Attrs {
		if node, ok := strings.CutPrefix(k, harness.AttrPodsOn); ok {
			n, _ := strconv.Atoi(v)
			placed = append(placed, on{node, n})
			total += n
		}
	}
	sort.Slice(placed, func(i, j int) bool {
		if placed[i].pods != placed[j].pods {
			return placed[i].pods > placed[j].pods
		}
		return placed[i].node < placed[j].node
	})
	v := harness.Verdict{Item: c.Item(), Evidence: harness.Evidence{At: []time.Time{e.Time}, Counts: map[string]float64{
		"pods": float64(total), "schedulable_nodes": float64(nodes)}}}
	for _, p := range placed {
		v.Evidence.Counts["pods_on "+p.node] = float64(p.pods)
		v.Evidence.Objects = append(v.Evidence.Objects, timeline.Ref{Kind: "node", Name: p.node})
	}
	if total == 0 || nodes == 0 {
		v.Status, v.Reason = harness.Error, fmt.Sprintf("cannot judge the spread: %d pods on %d schedulable nodes before the fault", total, nodes)
		return []harness.Verdict{v}
	}
	share := (total + nodes - 1) / nodes
	v.Evidence.Counts["max_per_node"] = float64(share)
	if top := placed[0]; top.pods > share {
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("%d of %d pods sat on %s before the fault, more than ⌈%d / %d schedulable nodes⌉ = %d: losing that node loses them all at once",
			top.pods, total, top.node, total, nodes, share)
		return []harness.Verdict{v}
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("%d pods spread over %d schedulable nodes before the fault, at most %d per node (⌈%d / %d⌉)", total, nodes, placed[0].pods, total, nodes)
	return []harness.Verdict{v}
}
