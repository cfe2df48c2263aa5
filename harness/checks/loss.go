package checks

import (
	"fmt"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// ZeroLoss judges an item whose promise is "0 failed requests" through the
// fault phase, e.g. a rolling update and its rollback under load.
type ZeroLoss struct {
	// ItemName is the item judged (default ItemRollout).
	ItemName string
}

var _ harness.Check = ZeroLoss{}

// Item is the checklist item judged.
func (c ZeroLoss) Item() string {
	if c.ItemName != "" {
		return c.ItemName
	}
	return ItemRollout
}

// Evaluate returns FAIL with the failed windows when any request failed.
func (c ZeroLoss) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	from, to, s, v, bad := faultLoad(tl, c.Item())
	if bad != nil {
		return bad
	}
	if n := failures(s); n > 0 {
		v.Status, v.Evidence.At = harness.Fail, failedWindows(tl, from, to)
		v.Reason = fmt.Sprintf("%d of %d requests failed during the change (%s)", n, s.Judged, classes(s))
		return []harness.Verdict{v}
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("0 of %d requests failed during the change", s.Judged)
	return []harness.Verdict{v}
}
