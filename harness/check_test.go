package harness

import (
	"testing"

	"github.com/golive/resilience/harness/timeline"
	"github.com/google/go-cmp/cmp"
)

func TestEvaluate(t *testing.T) {
	t.Parallel()
	checks := []Check{
		CheckFunc("ok", func(*timeline.Timeline) []Verdict { return []Verdict{{Status: Pass, Reason: "fine"}} }),
		CheckFunc("panics", func(*timeline.Timeline) []Verdict { panic("bug") }),
		CheckFunc("silent", func(*timeline.Timeline) []Verdict { return nil }),
		CheckFunc("no status", func(*timeline.Timeline) []Verdict { return []Verdict{{Item: "custom", Reason: "x"}} }),
	}
	want := []Verdict{
		{Item: "ok", Status: Pass, Reason: "fine"},
		{Item: "panics", Status: Error, Reason: "the check panicked: bug"},
		{Item: "silent", Status: Error, Reason: "the check returned no verdict"},
		{Item: "custom", Status: Error, Reason: "the check returned no status: x"},
	}
	if diff := cmp.Diff(want, evaluate(checks, timeline.New())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStatusText(t *testing.T) {
	t.Parallel()
	for _, s := range []Status{Pass, Fail, Error, Skip} {
		b, _ := s.MarshalText()
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v: round trip gave %v, %v", s, back, err)
		}
	}
	if got := Status(0).String(); got != "Status(0)" {
		t.Errorf("zero status = %q", got)
	}
}
