package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// drain records ready endpoints 3 through the fault phase and, when
// blocked, the drain's incomplete event naming pods of the target.
func drain(blocked ...timeline.Ref) func(*timeline.Timeline, func(int) time.Time) {
	return func(tl *timeline.Timeline, at func(int) time.Time) {
		at(10)
		tl.Sample(observe.SeriesEndpointsReady, 3)
		at(12)
		tl.Record(timeline.Event{Kind: timeline.KindRefusal, Source: "node-drain", Message: "eviction refused"})
		at(19)
		objs := append([]timeline.Ref{{Kind: "node", Name: "golive-worker"}}, blocked...)
		if len(blocked) > 0 {
			tl.Record(timeline.Event{Kind: timeline.KindRefusal, Source: "node-drain", Objects: objs,
				Message: node.MsgDrainIncomplete + ": 2 pods could not be evicted before the deadline", Attrs: map[string]string{node.AttrTimeout: "50s"}})
		}
	}
}

func TestMinReadyDrainMustFinish(t *testing.T) {
	t.Parallel()
	pod := func(n string) timeline.Ref { return timeline.Ref{Kind: "pod", Namespace: "ns", Name: n} }
	for _, tc := range []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"drain finished", run{extra: drain()}, harness.Pass, "ready endpoints stayed ≥ 2 through the drain (lowest 3); 1 evictions were refused"},
		{"drain blocked by the PDB", run{extra: drain(pod("target-1"), pod("target-2"))}, harness.Fail,
			"the PDB blocks voluntary disruption: the drain could not finish in 50s (2 pods of the target could not be evicted, 2 evictions refused)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := MinReady{Min: 2}.Evaluate(tc.run.timeline())
			if len(vs) != 1 || vs[0].Status != tc.want || !strings.Contains(vs[0].Reason, tc.reason) {
				t.Errorf("verdicts %+v, want %s %q", vs, tc.want, tc.reason)
			}
		})
	}
}
