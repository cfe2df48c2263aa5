package harness

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/timeline"
)

func TestRunPassesAndReverts(t *testing.T) {
	t.Parallel()
	a, b := &counter{name: "a"}, &counter{name: "b"}
	res, err := runTest(t, context.Background(), fakeEnv(), scenario(At(0, a).For(100*time.Millisecond), At(50*time.Millisecond, b)),
		WithLoad(fakeLoad(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() || !res.Recovered || res.Aborted != nil {
		t.Errorf("passed %v, recovered %v, aborted %v; verdicts %+v", res.Passed(), res.Recovered, res.Aborted, res.Verdicts)
	}
	for _, c := range []*counter{a, b} {
		if c.injected.Load() != 1 || c.reverted.Load() != 1 {
			t.Errorf("%s: injected %d, reverted %d; want 1, 1", c.name, c.injected.Load(), c.reverted.Load())
		}
	}
	var phases []string
	for _, s := range res.Timeline.Phases() {
		phases = append(phases, s.Phase.String())
	}
	if diff := slices.Compare([]string{"steady", "baseline", "fault", "recovery"}, phases); diff != 0 {
		t.Errorf("phases = %v", phases)
	}
	// a is held for 100ms, b until the end of the fault phase.
	in := res.Injections
	if len(in) != 2 || in[0].Reverted.Sub(in[0].Injected) > 300*time.Millisecond || in[1].Reverted.Before(in[0].Reverted) {
		t.Errorf("injections = %+v", in)
	}
}

func TestPanicMidScenarioRevertsEverythingOnce(t *testing.T) {
	t.Parallel()
	faults := []*counter{{name: "a"}, {name: "b"}, {name: "c"}, {name: "boom", panics: true}}
	steps := []Step{At(0, faults[0]), At(30*time.Millisecond, faults[1]), At(60*time.Millisecond, faults[2]).For(time.Hour),
		At(120*time.Millisecond, faults[3])}
	res, err := runTest(t, context.Background(), fakeEnv(), scenario(steps...), WithLoad(fakeLoad(nil)))
	if !errors.Is(err, ErrPanicked) {
		t.Fatalf("err = %v, want ErrPanicked", err)
	}
	for _, c := range faults {
		if c.injected.Load() != 1 || c.reverted.Load() != 1 {
			t.Errorf("%s: injected %d, reverted %d; want exactly once each", c.name, c.injected.Load(), c.reverted.Load())
		}
	}
	if res == nil || len(res.Injections) != 4 || len(res.Verdicts) != 0 {
		t.Fatalf("result = %+v; want four injections and no verdicts", res)
	}
	if n := len(res.Timeline.Events(timeline.OfKind(timeline.KindRevert))); n != 4 {
		t.Errorf("%d revert events, want 4", n)
	}
}

func TestCancelMidScenarioRevertsEverythingOnce(t *testing.T) {
	t.Parallel()
	a, blocked := &counter{name: "a"}, &counter{name: "blocked", block: true}
	ctx, cancel := context.WithCancel(context.Background())
	s := scenario(At(0, a), At(20*time.Millisecond, blocked))
	s.Phases.Fault = time.Hour
	s.Checks = append(s.Checks, CheckFunc("cancel", func(*timeline.Timeline) []Verdict { return nil }))
	go func() {
		for a.injected.Load() == 0 || blocked.injected.Load() == 0 {
			time.Sleep(5 * time.Millisecond) // test pacing
		}
		cancel() // as SIGINT does through the CLI's context
	}()
	_, err := runTest(t, ctx, fakeEnv(), s, WithLoad(fakeLoad(nil)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	for _, c := range []*counter{a, blocked} {
		if c.reverted.Load() != 1 {
			t.Errorf("%s reverted %d times, want 1", c.name, c.reverted.Load())
		}
	}
}

func TestInjectionTiming(t *testing.T) {
	t.Parallel()
	c := &counter{name: "tick"}
	s := scenario(Step{Fault: c, Every: 100 * time.Millisecond, Hold: 20 * time.Millisecond})
	s.Phases.Fault = time.Second
	res, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(fakeLoad(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Injections) != 10 {
		t.Fatalf("%d injections, want 10", len(res.Injections))
	}
	var worst time.Duration
	span, _ := res.Timeline.Span(timeline.PhaseFault)
	for i, in := range res.Injections {
		want := span.Start.Add(time.Duration(i) * 100 * time.Millisecond)
		if lag := in.Started.Sub(want); lag > worst {
			worst = lag
		}
		if in.Lag < 0 {
			t.Errorf("injection %d started %s early", i, -in.Lag)
		}
	}
	t.Logf("worst start lag behind schedule over 10 injections: %s", worst)
	if worst > 100*time.Millisecond {
		t.Errorf("an injection started %s after its offset, want within 100ms", worst)
	}
}

func TestSeededVictims(t *testing.T) {
	t.Parallel()
	victims := func(seed uint64) []int {
		c := &counter{name: "v"}
		s := scenario(Step{Fault: c, Every: 100 * time.Millisecond, Hold: 10 * time.Millisecond})
		s.Schedule.Seed = seed
		if _, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(fakeLoad(nil))); err != nil {
			t.Fatal(err)
		}
		return c.victims
	}
	a, b, c := victims(7), victims(7), victims(8)
	if !slices.Equal(a, b) || len(a) != 4 {
		t.Errorf("seed 7 picked %v then %v; want the same four", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 7 and 8 picked the same %v", a)
	}
}

func TestAbortOnBreach(t *testing.T) {
	t.Parallel()
	injected := make(chan struct{})
	c := &counter{name: "breaker"}
	s := scenario(At(0, fault.Fault(breaker{c, injected})))
	s.Phases.Fault = 5 * time.Second
	failing := func(now time.Time) bool {
		select {
		case <-injected:
			return c.reverted.Load() == 0 // the fault breaks the target until reverted
		default:
			return false
		}
	}
	start := time.Now()
	res, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(fakeLoad(failing)), AbortOnBreach(Breach{MinSuccess: 0.9, Windows: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Aborted == nil || time.Since(start) > 3*time.Second || !res.Recovered {
		t.Fatalf("aborted = %v after %s, recovered %v; want an early abort and recovery", res.Aborted, time.Since(start), res.Recovered)
	}
	if c.reverted.Load() != 1 {
		t.Errorf("reverted %d times, want 1", c.reverted.Load())
	}
	if len(res.Verdicts) != 1 || !res.Verdicts[0].Aborted || res.Passed() {
		t.Errorf("verdicts = %+v; want one, marked aborted", res.Verdicts)
	}
}

// breaker is a fault that breaks the fake load until reverted.
type breaker struct {
	*counter
	on chan struct{}
}

func (b breaker) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if err := b.counter.Inject(ctx, env, undo); err != nil {
		return err
	}
	close(b.on)
	return nil
}

func TestUnsupportedFaultSkips(t *testing.T) {
	t.Parallel()
	c := &counter{name: "latency", err: fmt.Errorf("network-latency: %w", network.ErrNoNetem)}
	res, err := runTest(t, context.Background(), fakeEnv(), scenario(At(0, c)), WithLoad(fakeLoad(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Verdicts) != 1 || res.Verdicts[0].Status != Skip || res.Verdicts[0].Reason != "no fault could run here: network-latency: kernel lacks sch_netem: fault unsupported here" {
		t.Errorf("verdicts = %+v; want SKIP because of sch_netem", res.Verdicts)
	}
	if n := len(res.Timeline.Events(timeline.OfKind(timeline.KindSkip))); n != 1 {
		t.Errorf("%d skip events, want 1", n)
	}
}

func TestNotSteady(t *testing.T) {
	t.Parallel()
	c := &counter{name: "never"}
	s := scenario(At(0, c))
	s.Steady.Timeout = 200 * time.Millisecond
	_, err := runTest(t, context.Background(), fakeEnv(), s, WithLoad(fakeLoad(func(time.Time) bool { return true })))
	if !errors.Is(err, ErrNotSteady) || c.injected.Load() != 0 {
		t.Fatalf("err = %v, injected %d; want ErrNotSteady and nothing injected", err, c.injected.Load())
	}
}
