package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// The notes a rollout fault records on the timeline when a rollout or its
// rollback reaches its end state: complete (every replica updated and
// available) or stalled (the Deployment reported its progress deadline
// exceeded, or no end state came); AttrTook says how long it took.
const (
	MsgRolloutComplete  = "rollout complete"
	MsgRolloutStalled   = "rollout stalled"
	MsgRollbackComplete = "rollback complete"
	MsgRollbackStalled  = "rollback stalled"
	AttrTook            = "took"
)

// Rollout judges a rolling update and its rollback under load: no request
// fails through the change (ZeroLoss), the new revision becomes fully
// available, and the rollback reaches the old revision, each within the
// Deployment's progress deadline.
type Rollout struct{}

var _ harness.Check = Rollout{}

// Item is ItemRollout.
func (Rollout) Item() string { return ItemRollout }

// Evaluate returns FAIL for a failed request or a rollout or rollback that
// did not complete.
func (c Rollout) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	vs := ZeroLoss{}.Evaluate(tl)
	v := &vs[0]
	if v.Status != harness.Pass {
		return vs
	}
	rollout, rollback := endState(tl, MsgRolloutComplete, MsgRolloutStalled), endState(tl, MsgRollbackComplete, MsgRollbackStalled)
	switch {
	case rollout.stalled != "":
		v.Status, v.Reason = harness.Fail, "the rolling update did not complete: "+rollout.stalled
	case rollout.at.IsZero():
		v.Status, v.Reason = harness.Fail, "the rolling update did not complete within the fault phase"
	case rollback.stalled != "":
		v.Status, v.Reason = harness.Fail, "the rollback did not reach the old revision: "+rollback.stalled
	case rollback.at.IsZero():
		v.Status, v.Reason = harness.Fail, "the rollback did not reach the old revision before the run ended"
	default:
		v.Evidence.At = append(v.Evidence.At, rollout.at, rollback.at)
		v.Reason = strings.TrimSuffix(v.Reason, ".") + fmt.Sprintf("; the new revision was fully available in %s and the rollback in %s.", rollout.took, rollback.took)
	}
	return vs
}

type end struct {
	at      time.Time
	took    string
	stalled string
}

// endState finds the first end-state note of a rollout or rollback.
func endState(tl *timeline.Timeline, complete, stalled string) end {
	for _, e := range tl.Events(func(e timeline.Event) bool { return e.Kind == timeline.KindNote || e.Kind == timeline.KindEffect }) {
		switch {
		case e.Message == complete:
			return end{at: e.Time, took: e.Attrs[AttrTook]}
		case strings.HasPrefix(e.Message, stalled):
			return end{at: e.Time, took: e.Attrs[AttrTook], stalled: strings.TrimPrefix(strings.TrimPrefix(e.Message, stalled), ": ")}
		}
	}
	return end{}
}
