package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
)

// TestDegradedNetwork: a target whose requests slow down under the loss
// but all succeed PASSes with the latency cost stated; one that loses
// requests under it, or stays broken after it, FAILs with the figures.
func TestDegradedNetwork(t *testing.T) {
	t.Parallel()
	slowed := func(_ string, sec int) (uint16, string, time.Duration) {
		if down(sec) && sec%5 == 0 {
			return 200, "", 1200 * time.Millisecond // a retransmitted handshake
		}
		return 200, "", 5 * time.Millisecond
	}
	dropsUnder := func(path string, sec int) (uint16, string, time.Duration) {
		if down(sec) && sec%4 == 0 {
			return 0, "Get: read: connection reset by peer", 0
		}
		return slowed(path, sec)
	}
	staysDown := func(path string, sec int) (uint16, string, time.Duration) {
		if sec >= 10 && sec%2 == 0 {
			return 503, "503 Service Unavailable", time.Millisecond
		}
		return 200, "", 5 * time.Millisecond
	}
	for _, tc := range []struct {
		name   string
		answer func(string, int) (uint16, string, time.Duration)
		want   harness.Status
		reason []string
	}{
		{"retransmits", slowed, harness.Pass, []string{"under 10% packet loss for 25s the service kept 100.000%", "from 3s after the loss ended the service kept", "p50 5ms → 5ms, p99 5ms → 1.2s"}},
		{"loses-requests", dropsUnder, harness.Fail, []string{"under 10% packet loss for 25s the service fell to", "below the 99.00% SLO", "p99 5ms → 1.2s"}},
		{"stays-down", staysDown, harness.Fail, []string{"from 3s after the loss ended the service fell to"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := DegradedNetwork{Availability: 0.99, Loss: 0.1}.Evaluate(outageRun{answer: tc.answer}.timeline())
			if len(vs) != 1 || vs[0].Status != tc.want || vs[0].Item != ItemFailover {
				t.Fatalf("verdicts %+v, want one %v", vs, tc.want)
			}
			for _, r := range tc.reason {
				if !strings.Contains(vs[0].Reason, r) {
					t.Errorf("reason %q lacks %q", vs[0].Reason, r)
				}
			}
		})
	}
}
