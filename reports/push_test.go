package reports

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// pushgatewayPath is Debian's prometheus-pushgateway.
const pushgatewayPath = "/usr/bin/prometheus-pushgateway"

// startPushgateway runs a Pushgateway on a free loopback port until the test
// ends and returns its URL once it is ready.
func startPushgateway(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var out bytes.Buffer
	cmd := exec.Command(pushgatewayPath, "--web.listen-address="+addr, "--persistence.file=")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", pushgatewayPath, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	url := "http://" + addr
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/-/ready", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("pushgateway on %s not ready: %v\n%s", addr, ctx.Err(), out.String())
		case <-tick.C:
		}
	}
}

// TestPushgateway pushes the fixture's metrics to a real Pushgateway and
// reads them back from its /metrics.
func TestPushgateway(t *testing.T) {
	if testing.Short() {
		t.Skip("push test skipped under -short: it starts a Pushgateway")
	}
	if _, err := os.Stat(pushgatewayPath); err != nil {
		t.Skipf("push test skipped: Debian's Pushgateway is not at %s (apt-get install -y prometheus-pushgateway): %v", pushgatewayPath, err)
	}
	url := startPushgateway(t)
	cur, tr := fixtureTrend()
	g := Pushgateway{URL: url, Job: "golive-nightly", Grouping: map[string]string{"instance": "golive"}}
	if err := g.Push(t.Context(), cur, tr); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	families := parseMetrics(t, resp.Body)
	checkMetrics(t, families)
	group := map[string]string{"job": "golive-nightly", "instance": "golive", "scenario": "node-loss", "item": "PDB", "status": "PASS"}
	if v, ok := metricValue(families, "resilience_verdict", group); !ok || v != 1 {
		t.Errorf("resilience_verdict%v = %v (present %v), want 1 in the pushed group", group, v, ok)
	}
	if _, ok := metricValue(families, "push_time_seconds", map[string]string{"job": "golive-nightly"}); !ok {
		t.Error("the Pushgateway has no push_time_seconds for the group")
	}
}

func TestPushRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		status   int
		wantPath string
		wantErr  bool
	}{
		{"accepted", http.StatusOK, "/metrics/job/resilience/instance/golive", false},
		{"refused", http.StatusBadRequest, "/metrics/job/resilience/instance/golive", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var method, path string
			var body int
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				method, path = r.Method, r.URL.Path
				var buf bytes.Buffer
				buf.ReadFrom(r.Body)
				body = buf.Len()
				w.WriteHeader(tc.status)
			}))
			defer srv.Close()
			g := Pushgateway{URL: srv.URL, Grouping: map[string]string{"instance": "golive"}, Client: srv.Client()}
			err := g.Push(t.Context(), smallFixture.result(), nil)
			if (err != nil) != tc.wantErr || (err != nil && !strings.Contains(err.Error(), "pushing metrics to")) {
				t.Errorf("Push() error = %v, want error %v", err, tc.wantErr)
			}
			if method != http.MethodPut || path != tc.wantPath || body == 0 {
				t.Errorf("request %s %s with %d bytes, want PUT %s with metrics", method, path, body, tc.wantPath)
			}
		})
	}
	if err := (Pushgateway{URL: "http://127.0.0.1:1"}).Push(context.Background(), &Result{Scenarios: []Scenario{{}}}, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("pushing an invalid result: error %v, want ErrInvalid", err)
	}
}
