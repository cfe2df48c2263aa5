package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

func TestStateless(t *testing.T) {
	t.Parallel()
	// probe writes k1 through pod a and k2 through pod b at second 10,
	// deletes the pods in deleted at 12 and reads back with reads at 18.
	probe := func(deleted []string, reads map[string]string, writeErr string) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(10)
			w := map[string]string{AttrKeyPrefix + "k1": "a", AttrKeyPrefix + "k2": "b"}
			if writeErr != "" {
				w[AttrStateErrors] = writeErr
			}
			tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "state-write", Message: MsgStateWritten, Attrs: w})
			at(12)
			for _, p := range deleted {
				tl.Record(timeline.Event{Kind: timeline.KindPod, Source: observe.Source, Message: observe.MsgPodDeleted,
					Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: p}}})
			}
			if reads != nil {
				at(18)
				r := map[string]string{}
				for k, v := range reads {
					r[AttrKeyPrefix+k] = v
				}
				tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "state-read", Message: MsgStateRead, Attrs: r})
			}
		}
	}
	ok := map[string]string{"k1": ReadOK, "k2": ReadOK}
	skip := func(msg string) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(10)
			tl.Record(timeline.Event{Kind: timeline.KindSkip, Source: "state-write", Message: msg})
		}
	}
	// terminating: the writer pod only starts terminating before the read.
	terminating := func(pod string, reads map[string]string) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			probe(nil, reads, "")(tl, at)
			at(13)
			tl.Record(timeline.Event{Kind: timeline.KindPod, Source: observe.Source, Message: observe.MsgPodTerminating,
				Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: pod}}})
		}
	}
	for _, tc := range []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"state outlives its pod", run{extra: probe([]string{"a"}, ok, "")}, harness.Pass, "all 2 keys read back after 1 of the pods that took their writes were replaced"},
		{"a terminating writer counts", run{extra: terminating("a", ok)}, harness.Pass, "all 2 keys read back after 1 of the pods"},
		{"a terminating writer took its state", run{extra: terminating("a", map[string]string{"k1": "not found via c", "k2": ReadOK})}, harness.Fail, "the state left with its pod"},
		{"state left with its pod", run{extra: probe([]string{"a"}, map[string]string{"k1": "not found via c", "k2": ReadOK}, "")},
			harness.Fail, "1 of 2 keys written through pods since replaced could not be read back — the state left with its pod: k1 (written through a: not found via c)"},
		{"state not shared", run{extra: probe([]string{"a"}, map[string]string{"k1": ReadOK, "k2": "not found via a2"}, "")},
			harness.Fail, "could not be read back through other pods — the state is not shared"},
		{"no writer replaced", run{extra: probe([]string{"c"}, ok, "")}, harness.Error, "none of the pods that took the 2 writes was taken out of service"},
		{"never read", run{extra: probe([]string{"a"}, nil, "")}, harness.Error, "never read back"},
		{"writes failed", run{extra: probe([]string{"a"}, ok, "2 writes failed, first: 502")}, harness.Error, "could not write through the target"},
		{"no state paths", run{}, harness.Skip, "no state paths given"},
		{"no state paths, skipped", run{extra: skip("fault unsupported here: no state paths given")}, harness.Skip, "no state paths given: statelessness is not proven"},
		{"target out of this machine's reach", run{extra: skip("fault unsupported here: the state probe is sent from this machine, which reaches the target only through a nodePort, and it has none")},
			harness.Skip, "statelessness is not proven: the state probe is sent from this machine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := Stateless{}.Evaluate(tc.run.timeline())
			if len(vs) != 1 || vs[0].Status != tc.want || !strings.Contains(vs[0].Reason, tc.reason) {
				t.Errorf("got %+v, want %s containing %q", vs, tc.want, tc.reason)
			}
		})
	}
}
