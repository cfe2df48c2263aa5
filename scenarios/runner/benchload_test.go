package runner

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestWriteBench: a source that held every rate says so; one that did not
// names the highest it held and the one it did not, with why when the step
// could not be measured.
func TestWriteBench(t *testing.T) {
	t.Parallel()
	rows := []BenchRow{
		{From: "local", Rate: 100, Achieved: 100, CPU: 400 * time.Microsecond},
		{From: "local", Rate: 400, Achieved: 399.9, Errors: 0.001},
		{From: "cluster", Rate: 100, Achieved: 100},
		{From: "cluster", Rate: 400, Achieved: 380, Errors: 0.002},
		{From: "cluster", Rate: 800, Err: errors.New("every attacker was lost: attacker a-1: silent for 12s\nattacker a-2: …")},
	}
	var b strings.Builder
	if err := writeBench(&b, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"local: held every rate asked, up to 400/s",
		"cluster: holds 100/s at most (≤ 1 % errors, ≥ 99 % of the rate); 800/s did not hold: every attacker was lost: attacker a-1: silent for 12s\n",
		"-5.00%", "400µs",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("bench table lacks %q:\n%s", want, b.String())
		}
	}
}
