package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// run builds a timeline of a 30 s run: 10 s baseline, 10 s fault, 10 s
// recovery, one load window per second of 100 requests each, fail[i] of
// which failed with class; then applies extra to add events and samples.
type run struct {
	fail  map[int]uint64 // second → failed requests
	class loadgen.Class
	extra func(tl *timeline.Timeline, at func(sec int) time.Time)
}

var t0 = time.Date(2026, 11, 29, 4, 0, 0, 0, time.UTC)

func (r run) timeline() *timeline.Timeline {
	now := t0
	tl := timeline.New(timeline.WithClock(func() time.Time { return now }))
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	for sec := 0; sec < 30; sec++ {
		now = at(sec)
		switch sec {
		case 0:
			tl.BeginPhase(timeline.PhaseBaseline)
		case 10:
			tl.BeginPhase(timeline.PhaseFault)
		case 20:
			tl.BeginPhase(timeline.PhaseRecovery)
		}
		w := loadgen.Window{Start: at(sec), End: at(sec + 1), Requests: 100, Codes: map[uint16]uint64{200: 100 - r.fail[sec]}}
		if n := r.fail[sec]; n > 0 {
			w.Errors = map[loadgen.Class]uint64{r.class: n}
		}
		tl.AddWindow(w)
	}
	now = at(30)
	tl.EndPhases()
	if r.extra != nil {
		// Extras record "at" a second by moving the clock there.
		r.extra(tl, func(sec int) time.Time { now = at(sec); return now })
	}
	return tl
}

func podEvent(msg string, attrs map[string]string) timeline.Event {
	return timeline.Event{Kind: timeline.KindPod, Source: observe.Source, Message: msg, Attrs: attrs,
		Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: "target-1"}}}
}

// podGone records a fault deleting pod ns/target-1 at second del and the
// pod's object gone at second gone.
func podGone(del, gone int) func(*timeline.Timeline, func(int) time.Time) {
	return func(tl *timeline.Timeline, at func(int) time.Time) {
		tl.Record(timeline.Event{Kind: timeline.KindInject, Source: "pod-delete", Time: at(del),
			Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: "target-1"}}})
		at(gone)
		tl.Record(podEvent(observe.MsgPodDeleted, nil))
	}
}

func TestChecks(t *testing.T) {
	t.Parallel()
	sigkill := func(tl *timeline.Timeline, at func(int) time.Time) {
		at(15)
		tl.Record(podEvent("container terminated", map[string]string{observe.AttrExitCode: "137", observe.AttrReason: "Error"}))
	}
	oom := func(tl *timeline.Timeline, at func(int) time.Time) {
		at(16)
		tl.Record(podEvent("container restarted", map[string]string{observe.AttrExitCode: "137", observe.AttrReason: "OOMKilled"}))
	}
	restart := func(tl *timeline.Timeline, at func(int) time.Time) {
		at(17)
		tl.Record(podEvent("container restarted", map[string]string{observe.AttrExitCode: "2", observe.AttrReason: "Error", "restarts": "1"}))
	}
	ready := func(vals map[int]float64) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			for sec := 0; sec < 30; sec++ {
				if v, ok := vals[sec]; ok {
					at(sec)
					tl.Sample(observe.SeriesEndpointsReady, v)
				}
			}
		}
	}
	// withPDB records a budget desiring min healthy pods before the fault.
	withPDB := func(min float64, then func(*timeline.Timeline, func(int) time.Time)) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(2)
			tl.Sample("pdb/target/desired", min)
			then(tl, at)
		}
	}
	// hpaReady records the HPA's desired replicas and, readyAfter seconds
	// later (never when negative), as many ready pods.
	hpaReady := func(vals map[int]float64, readyAfter int) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(0)
			tl.Sample(observe.SeriesPodsReady, 3)
			for sec := 0; sec < 30; sec++ {
				if v, ok := vals[sec]; ok {
					at(sec)
					tl.Sample("hpa/target/desired", v)
				}
				if v, ok := vals[sec-readyAfter]; ok && readyAfter >= 0 {
					at(sec)
					tl.Sample(observe.SeriesPodsReady, v)
				}
			}
		}
	}
	hpa := func(vals map[int]float64) func(*timeline.Timeline, func(int) time.Time) { return hpaReady(vals, 2) }
	// hpaWindow adds the HPA's scale-down window (seconds) to an hpa run.
	hpaWindow := func(window float64, vals map[int]float64) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(0)
			tl.Sample("hpa/target/scale_down_window_s", window)
			tl.Sample("hpa/target/min", 3)
			hpa(vals)(tl, at)
		}
	}
	// usage records the memory and CPU peaks against the limits.
	usage := func(mem, cpu float64) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			at(12)
			tl.Sample(observe.SeriesMemoryOfLimit, mem/2)
			tl.Sample(observe.SeriesCPUOfLimit, cpu)
			at(15)
			tl.Sample(observe.SeriesMemoryOfLimit, mem)
		}
	}
	// ends records a rollout's and its rollback's end-state notes.
	ends := func(rollout, rollback string) func(*timeline.Timeline, func(int) time.Time) {
		return func(tl *timeline.Timeline, at func(int) time.Time) {
			for sec, msg := range map[int]string{12: rollout, 18: rollback} {
				if msg != "" {
					at(sec)
					tl.Record(timeline.Event{Kind: timeline.KindNote, Source: "rollout", Message: msg, Attrs: map[string]string{AttrTook: "20s"}})
				}
			}
		}
	}
	tests := []struct {
		name   string
		check  harness.Check
		run    run
		want   harness.Status
		reason string
	}{
		{"slo met", SLO{Availability: 0.99}, run{}, harness.Pass, "availability ≥ 99.00%"},
		{"slo missed in fault", SLO{Availability: 0.99}, run{fail: map[int]uint64{12: 30}, class: loadgen.ClassRefused}, harness.Fail, "fault availability"},
		{"slo too few requests", SLO{Availability: 0.9999}, run{}, harness.Skip, "too few requests"},
		// 1000 requests a phase: 5 failed is 99.5 % [98.8, 99.8], across 99 %.
		{"slo too close to tell", SLO{Availability: 0.99}, run{fail: map[int]uint64{12: 5}, class: loadgen.ClassRefused}, harness.Inconclusive,
			"cannot tell whether 99.00% held: the 95% interval of fault 99.500% [98.835, 99.786] (5 of 1000 failed: 5 refused) spans it"},
		// 25 failed is 97.5 % [96.3, 98.3]: missed for sure.
		{"slo missed for sure", SLO{Availability: 0.99}, run{fail: map[int]uint64{12: 25}, class: loadgen.ClassRefused}, harness.Fail,
			"fault availability 97.500% < 99.000%, 95% interval [96.335, 98.301]"},
		// 1 failed is 99.9 % [99.44, 99.98]: met for sure.
		{"slo met by the lower bound", SLO{Availability: 0.99}, run{fail: map[int]uint64{12: 1}, class: loadgen.ClassRefused}, harness.Pass,
			"fault 99.900% [99.436, 99.982]"},
		{"shutdown clean", GracefulShutdown{}, run{}, harness.Pass, "0 failed"},
		{"shutdown drops requests", GracefulShutdown{}, run{fail: map[int]uint64{13: 2}, class: loadgen.ClassReset}, harness.Fail, "2 reset) between 04:00:13.0 and 04:00:14.0"},
		{"shutdown names the pod", GracefulShutdown{}, run{fail: map[int]uint64{13: 2}, class: loadgen.ClassReset, extra: func(tl *timeline.Timeline, at func(int) time.Time) {
			at(12)
			tl.Record(timeline.Event{Kind: timeline.KindInject, Source: "pod-delete", Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: "target-7d9"}}})
		}}, harness.Fail, "while pod ns/target-7d9 was terminating"},
		{"shutdown sigkill", GracefulShutdown{}, run{extra: sigkill}, harness.Fail, "SIGKILL"},
		{"shutdown spills into recovery", GracefulShutdown{}, run{fail: map[int]uint64{23: 2}, class: loadgen.ClassReset, extra: podGone(19, 25)}, harness.Fail, "2 of 1500 requests failed"},
		{"failures after the pods were gone ignored", GracefulShutdown{}, run{fail: map[int]uint64{26: 2}, class: loadgen.ClassReset, extra: podGone(19, 25)}, harness.Pass, "1500 requests through the disruptions, 0 failed"},
		{"failures outside fault phase ignored", GracefulShutdown{}, run{fail: map[int]uint64{3: 5}, class: loadgen.ClassReset}, harness.Pass, "0 failed"},
		{"no ready endpoint is capacity, not shutdown", GracefulShutdown{}, run{fail: map[int]uint64{14: 30, 15: 30}, class: loadgen.ClassRefused, extra: ready(map[int]float64{5: 2, 14: 0, 16: 2})},
			harness.Error, "60 of 1000 requests failed while no endpoint of the Service was ready"},
		{"shutdown failures apart from capacity loss", GracefulShutdown{}, run{fail: map[int]uint64{12: 3, 14: 30}, class: loadgen.ClassReset, extra: ready(map[int]float64{5: 2, 14: 0, 15: 2})},
			harness.Fail, "3 of 1000 requests failed while pods were shutting down (33 reset) between 04:00:12.0 and 04:00:15.0; 30 more failed while no endpoint was ready"},
		{"no restarts", NoRestarts{}, run{}, harness.Pass, "no container restarted"},
		{"restarts", NoRestarts{}, run{extra: restart}, harness.Fail, "1 container restart"},
		{"no oom", NoOOMKill{}, run{extra: restart}, harness.Pass, "no container was OOMKilled"},
		{"oom", NoOOMKill{}, run{extra: oom}, harness.Fail, "OOMKilled"},
		{"memory within headroom", NoOOMKill{}, run{extra: usage(0.35, 0.9)}, harness.Pass, "memory peaked at 35% of its limit (≤ 80%), CPU at 90% of its limit"},
		{"memory above headroom", NoOOMKill{}, run{extra: usage(0.93, 0.2)}, harness.Fail, "peaked at 93% of its memory limit under load, above the 80%"},
		{"usage not observed", NoOOMKill{}, run{}, harness.Pass, "memory was not measured against a limit"},
		{"pdb's own minimum held", MinReady{}, run{extra: withPDB(3, ready(map[int]float64{0: 4, 12: 3, 15: 4}))}, harness.Pass, "stayed ≥ 3"},
		{"pdb's own minimum broken", MinReady{}, run{extra: withPDB(3, ready(map[int]float64{0: 4, 12: 2, 15: 4}))}, harness.Fail, "below the 3 required"},
		{"no pdb at all", MinReady{}, run{extra: ready(map[int]float64{0: 4, 12: 2, 15: 4})}, harness.Fail, "no PodDisruptionBudget covers the target"},
		{"pdb held", MinReady{Min: 2}, run{extra: ready(map[int]float64{0: 3, 12: 2, 15: 3})}, harness.Pass, "stayed ≥ 2"},
		{"pdb broken", MinReady{Min: 2}, run{extra: ready(map[int]float64{0: 3, 12: 1, 15: 3})}, harness.Fail, "fell to 1"},
		{"pdb dip before fault ignored", MinReady{Min: 2}, run{extra: ready(map[int]float64{0: 3, 5: 1, 8: 3})}, harness.Pass, "lowest 3"},
		{"failover held", Failover{MinWindow: 0.5, Recovery: 0.99}, run{fail: map[int]uint64{11: 30, 12: 30}, class: loadgen.ClassTimeout}, harness.Pass, "kept serving"},
		{"failover dip", Failover{MinWindow: 0.5, Recovery: 0.99}, run{fail: map[int]uint64{11: 100, 12: 100, 14: 100}, class: loadgen.ClassTimeout}, harness.Pass, "never below 50% for 3s (worst window 0.0%)"},
		{"failover dark", Failover{MinWindow: 0.5, Recovery: 0.99}, run{fail: map[int]uint64{11: 100, 12: 100, 13: 100, 15: 100, 16: 100}, class: loadgen.ClassTimeout}, harness.Fail, "went dark: 3 load windows below 50% availability, the longest run 3s"},
		{"failover dark longer", Failover{MinWindow: 0.5, Recovery: 0.99, DarkFor: 2 * time.Second}, run{fail: map[int]uint64{11: 100, 12: 100, 13: 100, 15: 100, 16: 100}, class: loadgen.ClassTimeout}, harness.Fail, "went dark: 5 load windows"},
		{"failover no recovery", Failover{MinWindow: 0.5, Recovery: 0.99}, run{fail: map[int]uint64{25: 40}, class: loadgen.ClassRefused}, harness.Fail, "did not recover"},
		{"zero loss", ZeroLoss{}, run{}, harness.Pass, "0 of 1000"},
		{"loss", ZeroLoss{}, run{fail: map[int]uint64{14: 1}, class: loadgen.ClassEOF}, harness.Fail, "1 of 1000"},
		{"hpa scales", HPA{Name: "target", Min: 4, Within: 8 * time.Second, Back: 3},
			run{extra: hpa(map[int]float64{0: 3, 14: 5, 24: 3})}, harness.Pass, "4 replicas ready in 6s under load"},
		{"hpa replicas never ready", HPA{Name: "target", Min: 4, Within: 8 * time.Second, Back: 3},
			run{extra: hpaReady(map[int]float64{0: 3, 14: 5, 24: 3}, -1)}, harness.Fail, "at most 3 pods were ready within 8s"},
		{"hpa too slow", HPA{Name: "target", Min: 4, Within: 3 * time.Second, Back: 3},
			run{extra: hpa(map[int]float64{0: 3, 14: 5, 24: 3})}, harness.Fail, "not 4 within 3s"},
		{"hpa stuck", HPA{Name: "target", Min: 4, Within: 8 * time.Second}, run{extra: hpa(map[int]float64{0: 3})}, harness.Fail, "could not scale"},
		{"hpa no scale-in", HPA{Name: "target", Min: 4, Within: 8 * time.Second, ScaleInLag: time.Second},
			run{extra: hpaWindow(5, map[int]float64{0: 3, 14: 5})}, harness.Fail, "did not come back to 3 within the HPA's scale-down window 5s + 1s"},
		{"hpa scale-in late", HPA{Name: "target", Min: 4, Within: 8 * time.Second, ScaleInLag: time.Second},
			run{extra: hpaWindow(0, map[int]float64{0: 3, 14: 5, 25: 3})}, harness.Fail, "later than its scale-down window"},
		{"hpa scale-in beyond the run", HPA{Name: "target", Min: 4, Within: 8 * time.Second},
			run{extra: hpaWindow(300, map[int]float64{0: 3, 14: 5})}, harness.Pass, "scale-in not judged: the run ended 10s after the load, before the HPA's scale-down window 5m0s + 45s"},
		{"hpa scale-in within its window", HPA{Name: "target", Min: 4, Within: 8 * time.Second},
			run{extra: hpaWindow(0, map[int]float64{0: 3, 14: 5, 24: 3})}, harness.Pass, "came back to 3 4s after it"},
		{"rollout and rollback complete", Rollout{}, run{extra: ends(MsgRolloutComplete, MsgRollbackComplete)}, harness.Pass, "fully available in 20s and the rollback in 20s"},
		{"rollout stalled", Rollout{}, run{extra: ends(MsgRolloutStalled+": ReplicaSet \"t-1\" has timed out progressing. (0 of 3 replicas updated, 3 available)", MsgRollbackComplete)},
			harness.Fail, "the rolling update did not complete: ReplicaSet \"t-1\" has timed out progressing. (0 of 3 replicas updated"},
		{"rollout never ended", Rollout{}, run{extra: ends("", "")}, harness.Fail, "did not complete within the fault phase"},
		{"rollback stalled", Rollout{}, run{extra: ends(MsgRolloutComplete, MsgRollbackStalled+": not rolled out within 1m15s")}, harness.Fail, "the rollback did not reach the old revision: not rolled out"},
		{"rollout lost requests", Rollout{}, run{fail: map[int]uint64{12: 1}, class: loadgen.ClassEOF, extra: ends(MsgRolloutComplete, MsgRollbackComplete)}, harness.Fail, "1 of 1000 requests failed"},
		{"hpa absent", HPA{Name: "target", Min: 4, Within: 8 * time.Second}, run{}, harness.Fail, "no autoscaler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs := tt.check.Evaluate(tt.run.timeline())
			if len(vs) != 1 {
				t.Fatalf("%d verdicts, want 1: %+v", len(vs), vs)
			}
			v := vs[0]
			if v.Status != tt.want || !strings.Contains(v.Reason, tt.reason) || v.Item != tt.check.Item() {
				t.Errorf("got %s %q (%s), want %s containing %q", v.Status, v.Reason, v.Item, tt.want, tt.reason)
			}
		})
	}
}
