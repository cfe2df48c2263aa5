package reports

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestOverall(t *testing.T) {
	t.Parallel()
	v := func(sts ...Status) []Verdict {
		out := make([]Verdict, len(sts))
		for i, st := range sts {
			out[i] = Verdict{Item: string(rune('a' + i)), Status: st}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		s    Scenario
		want Status
	}{
		{"all pass", Scenario{Verdicts: v(StatusPass, StatusPass)}, StatusPass},
		{"pass and skip", Scenario{Verdicts: v(StatusPass, StatusSkip)}, StatusPass},
		{"all skip", Scenario{Verdicts: v(StatusSkip)}, StatusSkip},
		{"error beats pass", Scenario{Verdicts: v(StatusPass, StatusError)}, StatusError},
		{"fail beats error", Scenario{Verdicts: v(StatusError, StatusFail, StatusPass)}, StatusFail},
		{"no verdicts", Scenario{}, StatusError},
		{"aborted pass", Scenario{Aborted: true, Verdicts: v(StatusPass)}, StatusError},
		{"interrupted fail", Scenario{Interrupted: true, Verdicts: v(StatusFail)}, StatusFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.Overall(); got != tc.want {
				t.Errorf("Scenario.Overall() = %s, want %s", got, tc.want)
			}
			r := Result{Scenarios: []Scenario{tc.s}}
			if got := r.Overall(); got != tc.want {
				t.Errorf("Result.Overall() = %s, want %s", got, tc.want)
			}
		})
	}
	if got := (&Result{}).Overall(); got != StatusError {
		t.Errorf("empty run: Overall() = %s, want ERROR", got)
	}
	if got := (&Result{Interrupted: true, Scenarios: []Scenario{{Verdicts: v(StatusPass)}}}).Overall(); got != StatusError {
		t.Errorf("interrupted run: Overall() = %s, want ERROR", got)
	}
}

func TestStatusJSON(t *testing.T) {
	t.Parallel()
	var v Verdict
	if err := json.Unmarshal([]byte(`{"item":"x","status":"FAIL"}`), &v); err != nil || v.Status != StatusFail {
		t.Errorf("decoding FAIL: %v, %q", err, v.Status)
	}
	if err := json.Unmarshal([]byte(`{"item":"x","status":"pass"}`), &v); !errors.Is(err, ErrUnknownStatus) {
		t.Errorf("decoding lowercase status: error %v, want ErrUnknownStatus", err)
	}
}
