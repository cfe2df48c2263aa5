package loadgen

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/loadgen/internal/nettest"
)

func TestValidateHosts(t *testing.T) {
	t.Parallel()
	hosts := []string{"target.shop.svc.cluster.local", "10.96.0.12", "fd00::1", "Other.NS."}
	tests := []struct {
		url  string
		want error
	}{
		{"http://target.shop.svc.cluster.local:8080/", nil},
		{"http://TARGET.shop.svc.cluster.local/", nil},
		{"http://other.ns/", nil},
		{"http://10.96.0.12:80/", nil},
		{"http://[fd00:0::1]:80/", nil},
		{"http://127.0.0.1:8080/", nil},
		{"http://10.96.0.13/", ErrNotLoopback},
		{"http://shop.svc.cluster.local/", ErrNotLoopback},
		{"http://evil.target.shop.svc.cluster.local/", ErrNotLoopback},
		{"http://target.shop.svc.cluster.local.evil/", ErrNotLoopback},
	}
	for _, tt := range tests {
		p := plan(tt.url, 10, time.Second)

		err := p.ValidateHosts(hosts...)

		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("ValidateHosts(%s) = %v, want %v", tt.url, err, tt.want)
		}
		if tt.want == nil && !strings.Contains(tt.url, "127.0.0.1") {
			if err := p.Validate(); !errors.Is(err, ErrNotLoopback) {
				t.Errorf("Validate(%s) = %v, want ErrNotLoopback without hosts", tt.url, err)
			}
		}
	}
	err := plan("http://10.0.0.1/", 1, 0).ValidateHosts("b.ns", "a.ns")
	if want := `target 0: url "http://10.0.0.1/": target host is not a loopback address, nor one of the allowed hosts a.ns, b.ns`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

// The dial guard lets an allowed host through, and nothing else that is not
// loopback: not a redirect from the allowed host to another.
func TestAllowHostsDials(t *testing.T) {
	t.Parallel()
	ip := nettest.NonLoopbackIPv4(t)
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("listening on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "http://192.0.2.123:9/", http.StatusFound) // TEST-NET-1, never dialled
		}
	}))
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)

	if _, err := Run(t.Context(), plan(srv.URL, 10, 200*time.Millisecond)); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("Run() without AllowHosts = %v, want ErrNotLoopback", err)
	}
	s, _ := run(t, plan(srv.URL, 50, 200*time.Millisecond), AllowHosts(ip))
	if s.Requests != 10 || s.Successes != 10 {
		t.Errorf("allowed host: %d of %d requests succeeded, want 10 of 10: %v", s.Successes, s.Requests, s.Errors)
	}
	away := plan(srv.URL+"/away", 50, 200*time.Millisecond)
	away.Timeout = time.Second // should the dial not be refused
	var raw bytes.Buffer
	s, _ = run(t, away, AllowHosts(ip), WithSpill(&raw, FormatCSV))
	if refused := strings.Count(raw.String(), ErrNotLoopback.Error()); s.Requests != 10 || refused != 10 {
		t.Errorf("redirect away: %d requests, %d dials refused, errors %v; want 10 and 10", s.Requests, refused, s.Errors)
	}
}
