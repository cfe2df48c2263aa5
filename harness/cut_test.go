package harness

import (
	"context"
	"fmt"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// waitEffect is a fault that records its victim, then waits for an effect
// that comes only if late is false.
type waitEffect struct{ late bool }

func (waitEffect) Name() string { return "wait-effect" }

func (w waitEffect) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: "wait-effect", Objects: []timeline.Ref{fault.PodRef("shop", "web-a")}})
	if !w.late {
		return fmt.Errorf("wait-effect: %w: the pod never went", fault.ErrNoEffect)
	}
	<-ctx.Done()
	return fmt.Errorf("wait-effect: %w: 1 pods still there: %w", fault.ErrNoEffect, ctx.Err())
}

// An effect still pending when the fault phase ends is cut short, not a
// failed injection; one that was not seen while the phase ran is failed.
func TestInjectionCutByPhaseEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		late    bool
		wantCut bool
		errors  int
	}{{late: true, wantCut: true, errors: 0}, {late: false, wantCut: false, errors: 1}} {
		res, err := runTest(t, context.Background(), fakeEnv(), scenario(At(0, waitEffect{late: tc.late})), WithLoad(fakeLoad(nil)))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Injections) != 1 {
			t.Fatalf("late=%v: %d injections, want 1", tc.late, len(res.Injections))
		}
		in := res.Injections[0]
		if in.Cut != tc.wantCut || in.Error == "" {
			t.Errorf("late=%v: injection %+v, want cut %v with its error", tc.late, in, tc.wantCut)
		}
		if n := len(res.Timeline.Events(timeline.OfKind(timeline.KindError))); n != tc.errors {
			t.Errorf("late=%v: %d error events, want %d", tc.late, n, tc.errors)
		}
		evs := res.Timeline.Events(timeline.OfKind(timeline.KindInject))
		if len(evs) != 1 || evs[0].Attrs[AttrInjection] != "0" {
			t.Errorf("late=%v: inject events %+v, want one stamped %s=0", tc.late, evs, AttrInjection)
		}
	}
}
