package remote

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/loadgen/internal/nettest"
)

// Run has the shape of the harness's LoadFunc.
var _ func(context.Context, loadgen.Plan, func(loadgen.Window)) error = (&Fleet{}).Run

// collector records what a Fleet emits, and when.
type collector struct {
	mu sync.Mutex
	ws []loadgen.Window
	at []time.Time
}

func (c *collector) emit(w loadgen.Window) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws = append(c.ws, w)
	c.at = append(c.at, time.Now())
}

// checkContiguous fails t unless ws are consecutive windows of width w, the
// last one possibly cut short.
func checkContiguous(t *testing.T, ws []loadgen.Window, width time.Duration) {
	t.Helper()
	for i, w := range ws {
		if !w.Start.Equal(ws[0].Start.Add(time.Duration(i) * width)) {
			t.Errorf("window %d starts at %s, want %s", i, w.Start, ws[0].Start.Add(time.Duration(i)*width))
		}
		if d := w.Duration(); d != width && (i < len(ws)-1 || d > width) {
			t.Errorf("window %d lasts %s, want %s", i, d, width)
		}
	}
}

// Three attackers send the plan's whole rate; the merged stream has one
// window per second with all of it, as they close.
func TestFleetSendsTheWholeRate(t *testing.T) {
	t.Parallel()
	tgt, served := target(t)
	_, as := fleet(t, 3)
	f := &Fleet{Attackers: as, Poll: 50 * time.Millisecond, Lost: 2 * time.Second, Lead: 300 * time.Millisecond}
	ctx, cancel := context.WithTimeout(t.Context(), f.Lead+3300*time.Millisecond)
	defer cancel()
	var c collector

	err := f.Run(ctx, constant(tgt.URL, 60, time.Second, 0), c.emit)

	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if len(c.ws) != 4 {
		t.Fatalf("%d windows, want 3 full and the last one cut short", len(c.ws))
	}
	checkContiguous(t, c.ws, time.Second)
	s := loadgen.Summarize(c.ws, time.Time{}, time.Time{})
	if s.Successes > served.Load() || served.Load() > s.Requests {
		t.Errorf("%d requests, %d successes; the target served %d", s.Requests, s.Successes, served.Load())
	}
	for i, w := range c.ws[:3] {
		if w.Requests < 54 || w.Requests > 66 || w.Failures() != 0 {
			t.Errorf("window %d: %d requests, %d failed; want 60 ± 10%%, none failed", i, w.Requests, w.Failures())
		}
		if late := c.at[i].Sub(w.End); late > time.Second {
			t.Errorf("window %d emitted %s after its end, want as soon as it closed", i, late)
		}
	}
}

// A killed attacker is lost once, with its share; the stream goes on with
// the others' load.
func TestFleetLosesAKilledAttacker(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	srvs, as := fleet(t, 3)
	type lost struct {
		name  string
		share float64
		err   error
	}
	var losses []lost
	f := &Fleet{
		Attackers: as, Poll: 50 * time.Millisecond, Lost: 500 * time.Millisecond, Lead: 200 * time.Millisecond,
		OnLost: func(name string, share float64, err error) { losses = append(losses, lost{name, share, err}) },
	}
	var c collector
	emit := func(w loadgen.Window) {
		c.emit(w)
		if len(c.ws) == 2 {
			go srvs[2].Close() // attacker-2's pod dies; its load goes on unseen
		}
	}

	err := f.Run(t.Context(), constant(tgt.URL, 60, 250*time.Millisecond, 2500*time.Millisecond), emit)

	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if len(losses) != 1 || losses[0].name != "attacker-2" || math.Abs(losses[0].share-1.0/3) > 1e-9 ||
		!strings.HasPrefix(losses[0].err.Error(), "attacker attacker-2: silent for ") {
		t.Fatalf("losses %+v, want attacker-2 once, with a third of the load", losses)
	}
	if len(c.ws) != 10 {
		t.Fatalf("%d windows, want 2.5s of 250ms windows", len(c.ws))
	}
	checkContiguous(t, c.ws, 250*time.Millisecond)
	for i, w := range c.ws {
		lo, hi := uint64(13), uint64(17) // 3 attackers × 5 requests
		if i >= 7 {
			lo, hi = 8, 12 // 2 attackers
		}
		if i < 2 || i >= 7 {
			if w.Requests < lo || w.Requests > hi {
				t.Errorf("window %d: %d requests, want %d to %d", i, w.Requests, lo, hi)
			}
		}
	}
}

// Attackers started at different moments, one after the start time, close
// windows with the same boundaries.
func TestAttackersAlignTheirWindows(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	_, as := fleet(t, 3)
	spec := specOf(t, constant(tgt.URL, 10, 200*time.Millisecond, 600*time.Millisecond))
	spec.Start = time.Now().Add(250 * time.Millisecond)
	for _, a := range as {
		if err := a.Client.Start(t.Context(), spec); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // the last starts 150ms late
	}

	for _, a := range as {
		ws := readAll(t, a.Client)

		if len(ws) != 3 {
			t.Fatalf("%s: %d windows, want 3", a.Name, len(ws))
		}
		for i, w := range ws {
			if want := spec.Start.Add(time.Duration(i) * 200 * time.Millisecond); !w.Start.Equal(want) || w.Duration() != 200*time.Millisecond {
				t.Errorf("%s window %d: [%s, %s), want 200ms from %s", a.Name, i, w.Start, w.End, want)
			}
		}
		if a.Name == "attacker-2" && ws[0].Requests > 1 {
			t.Errorf("late attacker sent %d requests in its first window: a burst to catch up", ws[0].Requests)
		}
	}
}

func TestFleetRefuses(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	_, as := fleet(t, 2)
	busy := specOf(t, constant(tgt.URL, 1, 0, 0))
	if err := as[1].Client.Start(t.Context(), busy); err != nil {
		t.Fatal(err)
	}
	ramp := constant(tgt.URL, 1, 0, 0)
	ramp.Pacing = loadgen.Ramp{From: loadgen.PerSecond(1), To: loadgen.PerSecond(2), Over: time.Second}
	tests := []struct {
		name  string
		fleet *Fleet
		plan  loadgen.Plan
		want  error
		msg   string
	}{
		{"no attackers", &Fleet{}, constant(tgt.URL, 10, 0, 0), ErrNoAttackers, "fleet has no attackers"},
		{"ramp", &Fleet{Attackers: as}, ramp, ErrNotConstant, "splitting plan: in-cluster load splits a constant rate; got Ramp"},
		{"host not allowed", &Fleet{Attackers: as, Hosts: []string{"target.shop.svc.cluster.local"}}, constant("http://10.0.0.1/", 10, 0, 0),
			loadgen.ErrNotLoopback, "nor one of the allowed hosts target.shop.svc.cluster.local"},
		{"attacker busy", &Fleet{Attackers: as, Lead: time.Millisecond}, constant(tgt.URL, 10, 0, 0),
			nil, "attacker attacker-1: starting: POST /run: 409 Conflict: a run is already going"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.fleet.Run(t.Context(), tt.plan, func(loadgen.Window) { t.Error("a window was emitted") })

			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Run() = %v, want %v: %q", err, tt.want, tt.msg)
			}
		})
	}
	// The attacker that did start was stopped when attacker-1 refused.
	if b, err := as[0].Client.Windows(t.Context(), 0); err != nil || !b.Done {
		t.Errorf("attacker-0 after attacker-1 refused: %+v, %v; want its run done", b, err)
	}
}

// A rate below the number of attackers leaves the last ones idle.
func TestFleetUsesFewerAttackersForALowRate(t *testing.T) {
	t.Parallel()
	tgt, served := target(t)
	_, as := fleet(t, 3)
	f := &Fleet{Attackers: as, Poll: 50 * time.Millisecond, Lead: 100 * time.Millisecond}
	var c collector

	err := f.Run(t.Context(), constant(tgt.URL, 2, 500*time.Millisecond, time.Second), c.emit)

	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if s := loadgen.Summarize(c.ws, time.Time{}, time.Time{}); len(c.ws) != 2 || s.Successes != 2 || served.Load() != 2 {
		t.Errorf("%d windows, %d successes, %d served; want 2 windows and 2 requests, one per attacker", len(c.ws), s.Successes, served.Load())
	}
	if _, err := as[2].Client.Windows(t.Context(), 0); err == nil || !strings.Contains(err.Error(), "no run") {
		t.Errorf("attacker-2: %v, want it never started", err)
	}
}

// Attackers reach a host the Fleet allows, and only through it.
func TestFleetReachesAnAllowedHost(t *testing.T) {
	t.Parallel()
	ip := nettest.NonLoopbackIPv4(t)
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("listening on %s: %v", ip, err)
	}
	tgt := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	tgt.Listener = l
	tgt.Start()
	t.Cleanup(tgt.Close)
	_, as := fleet(t, 2)
	plan := constant(tgt.URL, 20, 500*time.Millisecond, 500*time.Millisecond)

	f := &Fleet{Attackers: as, Poll: 50 * time.Millisecond, Lead: 100 * time.Millisecond}
	if err := f.Run(t.Context(), plan, func(loadgen.Window) {}); !errors.Is(err, loadgen.ErrNotLoopback) {
		t.Fatalf("Run() without Hosts = %v, want ErrNotLoopback", err)
	}
	f.Hosts = []string{ip}
	var c collector
	if err := f.Run(t.Context(), plan, c.emit); err != nil {
		t.Fatalf("Run() with Hosts = %v", err)
	}
	if s := loadgen.Summarize(c.ws, time.Time{}, time.Time{}); s.Successes != 10 || s.Requests != 10 {
		t.Errorf("%d of %d requests succeeded, want 10 of 10: %v", s.Successes, s.Requests, s.Errors)
	}
}

// gate answers 503 for every attacker while down, as the API server's pod
// proxy does when the way to the pods is cut.
type gate struct {
	down atomic.Bool
	next http.RoundTripper
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	if g.down.Load() {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable",
			Body: io.NopCloser(strings.NewReader("the way is down")), Request: r}, nil
	}
	return g.next.RoundTrip(r)
}

// Every attacker silent at once is the way to them down (a frozen API
// server), not the attackers: the Fleet waits it out within Unreachable
// and merges every window once they answer again; past Unreachable it
// gives them up.
func TestFleetWaitsOutAnUnreachableWay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		unreachable time.Duration
		wantLost    bool
	}{{unreachable: 5 * time.Second}, {unreachable: 700 * time.Millisecond, wantLost: true}} {
		tgt, _ := target(t)
		srvs, as := fleet(t, 2)
		g := &gate{next: http.DefaultTransport}
		for i := range as {
			as[i].Client = NewClient(srvs[i].URL, &http.Client{Transport: g})
		}
		var lost atomic.Int32
		f := &Fleet{Attackers: as, Poll: 50 * time.Millisecond, Lost: 300 * time.Millisecond, Unreachable: tc.unreachable,
			Lead: 200 * time.Millisecond, OnLost: func(string, float64, error) { lost.Add(1) }}
		var c collector
		emit := func(w loadgen.Window) {
			c.emit(w)
			if len(c.ws) == 2 && !g.down.Load() {
				g.down.Store(true)
				time.AfterFunc(1500*time.Millisecond, func() { g.down.Store(false) })
			}
		}
		err := f.Run(t.Context(), constant(tgt.URL, 40, 250*time.Millisecond, 3*time.Second), emit)
		if tc.wantLost {
			if !errors.Is(err, ErrAllLost) || lost.Load() != 2 {
				t.Errorf("unreachable %s: err %v, %d lost; want both lost", tc.unreachable, err, lost.Load())
			}
			continue
		}
		if err != nil || lost.Load() != 0 {
			t.Fatalf("unreachable %s: err %v, %d lost; want none", tc.unreachable, err, lost.Load())
		}
		if len(c.ws) != 12 {
			t.Fatalf("%d windows, want 3s of 250ms windows", len(c.ws))
		}
		checkContiguous(t, c.ws, 250*time.Millisecond)
		for i, w := range c.ws[:11] {
			if w.Requests < 8 || w.Requests > 12 {
				t.Errorf("window %d: %d requests, want 10 from both attackers", i, w.Requests)
			}
		}
	}
}
