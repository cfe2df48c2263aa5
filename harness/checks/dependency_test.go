package checks

import (
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// outageRun is a dependency outage from second 10 to 35 of a 55 s run
// (baseline 0-10, fault 10-40, recovery 40-55) under 30 requests/s to /
// and 6 to /dependency. answer says how a request to a path at a second
// went: its status code (0: no answer), error and latency. ready is the
// ready endpoints from a second on.
type outageRun struct {
	answer func(path string, sec int) (code uint16, err string, lat time.Duration)
	ready  map[int]float64
}

func (r outageRun) timeline() *timeline.Timeline {
	now := t0
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	tl := timeline.New(timeline.WithClock(func() time.Time { return now }))
	f := loadgen.NewFolder(t0, time.Second, nil)
	for sec := range 55 {
		now = at(sec)
		switch sec {
		case 0:
			tl.BeginPhase(timeline.PhaseBaseline)
		case 10:
			tl.BeginPhase(timeline.PhaseFault)
			tl.Record(timeline.Event{Kind: timeline.KindInject, Source: "dependency-partition", Message: "cut off from store"})
		case 35:
			tl.Record(timeline.Event{Kind: timeline.KindRevert, Source: "dependency-partition", Message: "reverted"})
		case 40:
			tl.BeginPhase(timeline.PhaseRecovery)
		}
		if v, ok := r.ready[sec]; ok {
			tl.Sample(observe.SeriesEndpointsReady, v)
		}
		for i := range 36 {
			path := "/"
			if i%6 == 0 {
				path = "/dependency"
			}
			code, err, lat := r.answer(path, sec)
			f.Add(&vegeta.Result{Timestamp: at(sec).Add(time.Duration(i) * 25 * time.Millisecond), Code: code, Error: err, Latency: lat,
				URL: "http://127.0.0.1:30080" + path})
		}
	}
	for _, w := range f.Close(at(55)) {
		tl.AddWindow(w)
	}
	now = at(55)
	tl.EndPhases()
	return tl
}

// down says whether the dependency is lost at sec.
func down(sec int) bool { return sec >= 10 && sec < 35 }

var (
	// fastFail: the dependency path fails in its 2 s timeout.
	fastFail = func(path string, sec int) (uint16, string, time.Duration) {
		if path == "/dependency" && down(sec) {
			return 502, "502 Bad Gateway", 2 * time.Second
		}
		return 200, "", 5 * time.Millisecond
	}
	// hangs: without a timeout, the load's own 10 s timeout ends it.
	hangs = func(path string, sec int) (uint16, string, time.Duration) {
		if path == "/dependency" && down(sec) {
			return 0, "Get: context deadline exceeded (Client.Timeout exceeded while awaiting headers)", 10 * time.Second
		}
		return 200, "", 5 * time.Millisecond
	}
)

func TestDependencyOutageChecks(t *testing.T) {
	t.Parallel()
	steady := map[int]float64{0: 4}
	unready := map[int]float64{0: 4, 11: 0, 37: 4}
	refused := func(path string, sec int) (uint16, string, time.Duration) {
		if sec >= 11 && sec < 37 {
			return 0, "dial tcp: connect: connection refused", time.Millisecond
		}
		return 200, "", 5 * time.Millisecond
	}
	slowBack := func(path string, sec int) (uint16, string, time.Duration) {
		if path == "/dependency" && sec >= 10 && sec < 50 {
			return 502, "502 Bad Gateway", 2 * time.Second
		}
		return 200, "", 5 * time.Millisecond
	}
	isolation := DependencyIsolation{Availability: 0.99, Paths: []string{"/dependency"}, Timeout: 2 * time.Second}
	for _, tc := range []struct {
		name                 string
		run                  outageRun
		ready, isolated      harness.Status
		readyWhy, isolateWhy string
	}{
		{"fails fast, stays ready", outageRun{fastFail, steady}, harness.Pass, harness.Pass,
			"ready endpoints stayed at 4 while the dependency was down 25s",
			"while the dependency was down 25s: /dependency answered within 2s (p99, bar 3s; 150 of 150 failed); the paths without the dependency kept 100.000%"},
		{"hangs without a timeout", outageRun{hangs, steady}, harness.Pass, harness.Fail,
			"ready endpoints stayed at 4", "requests hung for 10s on /dependency while the dependency was down (p99; its timeout 2s + 1s slack allows 3s; 150 of 150 failed)"},
		{"readiness checks the dependency", outageRun{refused, unready}, harness.Fail, harness.Fail,
			"every pod went unready when the dependency failed (ready endpoints 4 → 0)",
			"the paths without the dependency fell to 4.000%"},
		{"slow to come back", outageRun{slowBack, steady}, harness.Pass, harness.Fail,
			"ready endpoints stayed at 4", "every path from 5s after the dependency returned fell to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tl := tc.run.timeline()
			for _, c := range []struct {
				check harness.Check
				want  harness.Status
				why   string
			}{{DependencyReady{}, tc.ready, tc.readyWhy}, {isolation, tc.isolated, tc.isolateWhy}} {
				vs := c.check.Evaluate(tl)
				if len(vs) != 1 || vs[0].Status != c.want || !strings.Contains(vs[0].Reason, c.why) {
					t.Errorf("%T: %+v, want %s %q", c.check, vs, c.want, c.why)
				}
			}
		})
	}
}

// A load that never calls the dependency, or too little of it, proves
// nothing about it: ERROR, never PASS.
func TestDependencyIsolationNeedsItsPaths(t *testing.T) {
	t.Parallel()
	tl := outageRun{fastFail, map[int]float64{0: 4}}.timeline()
	vs := DependencyIsolation{Availability: 0.99, Paths: []string{"/orders"}, Timeout: 2 * time.Second}.Evaluate(tl)
	if len(vs) != 1 || vs[0].Status != harness.Error || !strings.Contains(vs[0].Reason, "the load does not use it") {
		t.Errorf("verdicts %+v, want ERROR: the load does not use the dependency", vs)
	}
}
