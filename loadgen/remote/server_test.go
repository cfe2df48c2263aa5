package remote

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/loadgen"
)

// Every refusal is a status and one line naming what is wrong.
func TestServerRefusals(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	running, c := attacker(t)
	if err := c.Start(t.Context(), specOf(t, constant(tgt.URL, 10, 0, 0))); err != nil {
		t.Fatal(err)
	}
	idle, _ := attacker(t)
	guarded, _ := attacker(t, WithHosts("target.shop.svc.cluster.local"))
	spec := func(url string, hosts ...string) string {
		s := specOf(t, constant(url, 10, 0, time.Second))
		s.Hosts = hosts
		b, _ := json.Marshal(s)
		return string(b)
	}
	tests := []struct {
		name, base, method, path, body string
		code                           int
		want                           string
	}{
		{"run while running", running.URL, "POST", "/run", spec(tgt.URL), http.StatusConflict, "a run is already going"},
		{"host not allowed", idle.URL, "POST", "/run", spec("http://10.0.0.1:8080/", "target.shop.svc.cluster.local"), http.StatusBadRequest,
			`plan: target 0: url "http://10.0.0.1:8080/": target host is not a loopback address, nor one of the allowed hosts target.shop.svc.cluster.local`},
		{"host not among the attacker's", guarded.URL, "POST", "/run", spec(tgt.URL, "target.shop.svc.cluster.local", "other.ns"), http.StatusForbidden,
			`host "other.ns" is not one this attacker may load (["target.shop.svc.cluster.local"])`},
		{"no host allowed", idle.URL, "POST", "/run", spec("http://target.shop.svc.cluster.local/"), http.StatusBadRequest, "not a loopback address"},
		{"unknown field", idle.URL, "POST", "/run", `{"rate": 5}`, http.StatusBadRequest, `decoding plan spec: json: unknown field "rate"`},
		{"not json", idle.URL, "POST", "/run", "targets:\n- url: x\n", http.StatusBadRequest, "decoding plan spec: invalid character"},
		{"body too large", idle.URL, "POST", "/run", `{"targets": [{"url": "` + strings.Repeat("x", MaxBody) + `"}]}`, http.StatusRequestEntityTooLarge, "request body too large"},
		{"no run", idle.URL, "GET", "/windows?from=0", "", http.StatusConflict, "no run"},
		{"no from", running.URL, "GET", "/windows", "", http.StatusBadRequest, `from "" is not a window index`},
		{"negative from", running.URL, "GET", "/windows?from=-1", "", http.StatusBadRequest, `from "-1" is not a window index`},
		{"from the future", running.URL, "GET", "/windows?from=1000", "", http.StatusBadRequest, "from 1000 is past the next window"},
		{"wrong method", idle.URL, "GET", "/run", "", http.StatusMethodNotAllowed, "Method Not Allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequestWithContext(t.Context(), tt.method, tt.base+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"); resp.StatusCode != tt.code || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("%s %s = %d %q, want %d and one line holding %q", tt.method, tt.path, resp.StatusCode, b, tt.code, tt.want)
			}
		})
	}
}

// An attacker deployed with hosts accepts those, however they are written.
func TestServerWithHostsAccepts(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	_, c := attacker(t, WithHosts("target.shop.svc.cluster.local", "10.96.0.12"))
	spec := specOf(t, constant(tgt.URL, 10, 0, 0))
	spec.Hosts = []string{"TARGET.shop.svc.cluster.local.", "10.96.0.12"}

	if err := c.Start(t.Context(), spec); err != nil {
		t.Errorf("Start() = %v", err)
	}
}

// The Client's errors are the Server's line, and a StatusError.
func TestClientErrors(t *testing.T) {
	t.Parallel()
	_, c := attacker(t)

	_, err := c.Windows(t.Context(), 0)

	se, ok := errors.AsType[*StatusError](err)
	if want := "GET /windows?from=0: 409 Conflict: no run"; !ok || se.Code != http.StatusConflict || err.Error() != want {
		t.Errorf("Windows() error = %v, want %q", err, want)
	}
	if err := c.Healthy(t.Context()); err != nil {
		t.Errorf("Healthy() = %v", err)
	}
	if got := message(strings.NewReader(`{"kind":"Status","message":"error trying to reach service: dial tcp 10.244.0.7:8080: connect: connection refused\nmore","code":503}`)); got != "error trying to reach service: dial tcp 10.244.0.7:8080: connect: connection refused" {
		t.Errorf("message(Kubernetes Status) = %q", got)
	}
}

// Windows read are dropped; unread ones beyond the bound are dropped oldest
// first and counted.
func TestServerKeepsUnreadWindowsBounded(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	_, c := attacker(t, WithMaxWindows(3))
	if err := c.Start(t.Context(), specOf(t, constant(tgt.URL, 50, loadgen.MinWindow, time.Second))); err != nil {
		t.Fatal(err)
	}
	var b Batch
	for !b.Done { // reading from 0 acknowledges nothing
		time.Sleep(50 * time.Millisecond)
		var err error
		if b, err = c.Windows(t.Context(), 0); err != nil {
			t.Fatal(err)
		}
	}

	if b.First() != 7 || b.Next != 10 || b.Dropped != 7 || !b.Done {
		t.Errorf("batch from 0: first %d, next %d, dropped %d, done %v; want 7, 10, 7, true", b.First(), b.Next, b.Dropped, b.Done)
	}
	b, err := c.Windows(t.Context(), 9)
	if err != nil || b.First() != 9 || len(b.Windows) != 1 {
		t.Fatalf("batch from 9: %+v, %v; want window 9", b, err)
	}
	if b, err = c.Windows(t.Context(), 8); err != nil || b.First() != 9 {
		t.Errorf("batch from 8 after reading from 9: %+v, %v; want 8 dropped as read", b, err)
	}
}

// A run nobody reads stops after the orphan time; its twin, read, goes on.
func TestServerStopsOrphanRuns(t *testing.T) {
	t.Parallel()
	for _, read := range []bool{false, true} {
		t.Run(map[bool]string{false: "unread", true: "read"}[read], func(t *testing.T) {
			t.Parallel()
			tgt, _ := target(t)
			_, c := attacker(t, WithOrphan(300*time.Millisecond))
			if err := c.Start(t.Context(), specOf(t, constant(tgt.URL, 20, 0, 0))); err != nil {
				t.Fatal(err)
			}
			if read {
				for range 6 {
					time.Sleep(100 * time.Millisecond)
					if _, err := c.Windows(t.Context(), 0); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				time.Sleep(600 * time.Millisecond)
			}

			b, err := c.Windows(t.Context(), 0)

			if err != nil || b.Done == read {
				t.Errorf("after 600ms, read %v: done = %v, %v; want %v", read, b.Done, err, !read)
			}
		})
	}
}

// Stop ends the run at once; its last window, cut short, is then readable.
func TestServerStop(t *testing.T) {
	t.Parallel()
	tgt, _ := target(t)
	_, c := attacker(t)
	spec := specOf(t, constant(tgt.URL, 100, 0, 0)) // one-second windows, no end
	spec.Start = time.Now()
	if err := c.Start(t.Context(), spec); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)

	if err := c.Stop(t.Context()); err != nil {
		t.Fatalf("Stop() = %v", err)
	}
	stopped := time.Now()

	b, err := c.Windows(t.Context(), 0)
	if err != nil || !b.Done || len(b.Windows) != 1 {
		t.Fatalf("after Stop: %+v, %v; want one window, done", b, err)
	}
	w := b.Windows[0]
	if !w.Start.Equal(spec.Start) || w.End.After(stopped) || w.Requests < 20 {
		t.Errorf("last window [%s, %s) of %d requests, want from %s to before %s, ~30 requests", w.Start, w.End, w.Requests, spec.Start, stopped)
	}
	if err := c.Start(t.Context(), spec); err != nil {
		t.Errorf("Start after Stop = %v, want a new run", err)
	}
}
