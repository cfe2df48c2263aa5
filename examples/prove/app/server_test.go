package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestServer(t *testing.T) {
	t.Parallel()
	s := newServer("pod-1")
	ts := httptest.NewServer(s.handler())
	defer ts.Close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		path     string
		stopped  bool
		wantCode int
		wantBody string
	}{
		{path: "/", wantCode: http.StatusOK, wantBody: "hello from pod-1\n"},
		{path: "/healthz", wantCode: http.StatusOK, wantBody: "ok\n"},
		{path: "/readyz", wantCode: http.StatusOK, wantBody: "ok\n"},
		{path: "/nope", wantCode: http.StatusNotFound, wantBody: "404 page not found\n"},
		{path: "/metrics", wantCode: http.StatusOK, wantBody: metrics(1, 1)},
		// Stopping: unready, but alive and still serving.
		{path: "/readyz", stopped: true, wantCode: http.StatusServiceUnavailable, wantBody: "shutting down\n"},
		{path: "/healthz", stopped: true, wantCode: http.StatusOK, wantBody: "ok\n"},
		{path: "/", stopped: true, wantCode: http.StatusOK, wantBody: "hello from pod-1\n"},
		{path: "/metrics", stopped: true, wantCode: http.StatusOK, wantBody: metrics(2, 0)},
	} {
		if tc.stopped {
			s.stop()
		}
		if code, body := get(tc.path); code != tc.wantCode || body != tc.wantBody {
			t.Errorf("GET %s (stopped %v) = %d %q, want %d %q", tc.path, tc.stopped, code, body, tc.wantCode, tc.wantBody)
		}
	}
}

// metrics is /metrics after served requests to /.
func metrics(served, ready int) string {
	return fmt.Sprintf("# HELP hello_requests_total Requests to / served.\n# TYPE hello_requests_total counter\nhello_requests_total %d\n"+
		"# HELP hello_ready Whether the server takes traffic (0 while shutting down).\n# TYPE hello_ready gauge\nhello_ready %d\n", served, ready)
}
