package checks

import (
	"testing"

	"github.com/golive/resilience/loadgen"
)

// TestFailedOf: the classes follow the count only when a request failed,
// and cancelled requests (the load's own stop) are not among them.
func TestFailedOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    loadgen.Summary
		want string
	}{
		{loadgen.Summary{Judged: 320, Successes: 320}, "0 of 320 failed"},
		{loadgen.Summary{Judged: 680, Successes: 676, Errors: map[loadgen.Class]uint64{loadgen.ClassTimeout: 4, loadgen.ClassCanceled: 2}}, "4 of 680 failed: 4 timeout"},
		{loadgen.Summary{Judged: 100, Successes: 90, Errors: map[loadgen.Class]uint64{loadgen.ClassReset: 3, loadgen.ClassHTTP5xx: 7}}, "10 of 100 failed: 7 5xx, 3 reset"},
	} {
		if got := failedOf(tc.s); got != tc.want {
			t.Errorf("failedOf(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
