package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// lose records, on the test run's clock, a node holding pods of the target
// lost at second 10 (the harness's reach note), NotReady at notReady, and
// the Service's ready endpoints from 3 to the values of eps by second.
func lose(pods string, notReady int, eps map[int]float64) func(*timeline.Timeline, func(int) time.Time) {
	return func(tl *timeline.Timeline, at func(int) time.Time) {
		at(5)
		tl.Sample(observe.SeriesEndpointsReady, 3)
		node := []timeline.Ref{{Kind: "node", Name: "golive-worker"}}
		if pods != "" {
			at(10)
			tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Objects: node,
				Attrs: map[string]string{harness.AttrReached: pods}, Message: "the fault reached pods"})
		}
		at(notReady)
		tl.Record(timeline.Event{Kind: timeline.KindEffect, Source: "node-stop", Objects: node, Message: "node NotReady"})
		for sec := 11; sec < 30; sec++ {
			if v, ok := eps[sec]; ok {
				at(sec)
				tl.Sample(observe.SeriesEndpointsReady, v)
			}
		}
	}
}

func TestNodeFailover(t *testing.T) {
	t.Parallel()
	c := NodeFailover{SLO: SLO{Availability: 0.99}, Recovery: 0.99, Grace: 3 * time.Second, Slack: 2 * time.Second, Settle: time.Second}
	darkUntil := func(last int) map[int]uint64 {
		m := map[int]uint64{}
		for s := 10; s <= last; s++ {
			m[s] = 60
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"fails over within the grace", run{fail: darkUntil(14), class: loadgen.ClassTimeout, extra: lose("2", 13, map[int]float64{14: 1})},
			harness.Pass, "failed over in 4s (node NotReady after 3s; grace 3s + 2s): 40.00% availability before failover, 100.00% after"},
		{"the lost pods' return is the recovery's", run{fail: map[int]uint64{10: 60, 11: 60, 12: 60, 13: 60, 14: 60, 19: 6}, class: loadgen.ClassTimeout,
			extra: lose("2", 13, map[int]float64{14: 1, 19: 3})}, harness.Pass, "100.00% after"},
		{"never fails over (publishNotReadyAddresses)", run{fail: darkUntil(19), class: loadgen.ClassTimeout, extra: lose("2", 13, nil)},
			harness.Fail, "failover did not happen: the 2 lost pods stayed ready endpoints of the Service for 10s"},
		{"the clock starts when the node is down", run{fail: darkUntil(18), class: loadgen.ClassTimeout, extra: func(tl *timeline.Timeline, at func(int) time.Time) {
			lose("2", 15, map[int]float64{18: 1})(tl, at)
			at(13)
			tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "node-stop", Objects: []timeline.Ref{{Kind: "node", Name: "golive-worker"}},
				Message: node.MsgNodeDown + ": docker stop returned"})
		}}, harness.Inconclusive, "failed over in 5s"},
		{"fails over late", run{fail: darkUntil(18), class: loadgen.ClassTimeout, extra: lose("2", 13, map[int]float64{18: 1})},
			harness.Fail, "failover took 8s, beyond the node-monitor grace 3s + 2s"},
		{"nothing left after failover", run{fail: darkUntil(19), class: loadgen.ClassRefused, extra: lose("3", 13, map[int]float64{14: 0})},
			harness.Fail, "after failover the service kept 40.00% availability [35.80, 44.35], below the SLO's 99.00%"},
		{"too close to tell after failover", run{fail: map[int]uint64{10: 60, 11: 60, 12: 60, 13: 60, 14: 60, 16: 4, 17: 4}, class: loadgen.ClassTimeout,
			extra: lose("2", 13, map[int]float64{14: 1})}, harness.Inconclusive, "cannot tell whether the SLO held after it: 98.40% availability, 95% interval [96.87, 99.19]"},
		{"did not recover", run{fail: map[int]uint64{25: 50}, class: loadgen.ClassRefused, extra: lose("2", 13, map[int]float64{14: 1})},
			harness.Fail, "the service did not recover: 95.00%"},
		{"no node of the target lost", run{extra: lose("", 13, map[int]float64{14: 1})},
			harness.Error, "the fault did not take effect"},
		{"the fault missed the target", run{extra: lose("0", 13, map[int]float64{14: 1})},
			harness.Error, "the fault did not take effect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := c.Evaluate(tc.run.timeline())
			if len(vs) != 1 {
				t.Fatalf("verdicts %+v", vs)
			}
			if v := vs[0]; v.Status != tc.want || !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("%s %q, want %s %q", v.Status, v.Reason, tc.want, tc.reason)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	t.Parallel()
	placement := func(attrs map[string]string) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(10)
			tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "harness", Message: harness.MsgPlacement + ": …", Attrs: attrs})
		}
	}
	on := func(kv ...string) map[string]string {
		m := map[string]string{harness.AttrSchedulable: "2"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[harness.AttrPodsOn+kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"spread 2 and 1", run{extra: placement(on("w1", "2", "w2", "1"))}, harness.Pass, "3 pods spread over 2 schedulable nodes before the fault, at most 2 per node"},
		{"all on one node", run{extra: placement(on("w1", "3"))}, harness.Fail, "3 of 3 pods sat on w1 before the fault, more than ⌈3 / 2 schedulable nodes⌉ = 2"},
		{"one pod", run{extra: placement(on("w2", "1"))}, harness.Pass, "1 pods spread over 2 schedulable nodes"},
		{"no placement", run{}, harness.Error, "no placement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := Spread{}.Evaluate(tc.run.timeline())
			if len(vs) != 1 || vs[0].Status != tc.want || !strings.Contains(vs[0].Reason, tc.reason) {
				t.Errorf("verdicts %+v, want %s %q", vs, tc.want, tc.reason)
			}
		})
	}
}

func TestSurvivingReplicas(t *testing.T) {
	t.Parallel()
	// readyOn records ready pods per node: at second 5, then the changes.
	readyOn := func(pods string, changes map[int]map[string]float64) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			lose(pods, 13, map[int]float64{14: 1})(tl, at)
			for sec := 5; sec < 30; sec++ {
				for n, v := range changes[sec] {
					at(sec)
					tl.Sample(observe.SeriesPodsReadyOn+n, v)
				}
			}
		}
	}
	spread := map[string]float64{"golive-worker": 1, "golive-worker2": 1, "golive-worker3": 1}
	for _, tc := range []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"two survive", run{extra: readyOn("1", map[int]map[string]float64{5: spread, 20: {"golive-worker2": 2}})},
			harness.Pass, "≥ 2 ready pods stayed on the other nodes through the fault (lowest 2)"},
		{"one survives a while", run{extra: readyOn("1", map[int]map[string]float64{5: spread, 15: {"golive-worker3": 0}, 17: {"golive-worker3": 1}})},
			harness.Fail, "only 1 ready pods were left on the other nodes 5s into the fault phase, fewer than 2"},
		{"all on the lost node", run{extra: readyOn("3", map[int]map[string]float64{5: {"golive-worker": 3}})},
			harness.Fail, "only 0 ready pods"},
		{"the fault missed", run{extra: readyOn("", map[int]map[string]float64{5: spread})},
			harness.Error, "the fault did not take effect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := SurvivingReplicas{}.Evaluate(tc.run.timeline())
			if len(vs) != 1 || vs[0].Status != tc.want || !strings.Contains(vs[0].Reason, tc.reason) {
				t.Errorf("got %+v, want %s containing %q", vs, tc.want, tc.reason)
			}
		})
	}
}
