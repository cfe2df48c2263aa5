package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hangingStore is a store that accepts connections and never answers, as
// a store behind a dropped network looks from its client, until the test
// ends.
func hangingStore(t *testing.T) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first
	return srv.URL
}

// GET /dependency calls the store; with the store down it fails within
// the store timeout, and the routes that do not use the store, /readyz and
// /healthz keep answering.
func TestDependencyOutage(t *testing.T) {
	t.Parallel()
	h := New(appConfig(t, map[string]string{"TARGET_STORE_URL": hangingStore(t), "TARGET_STORE_TIMEOUT": "100ms"}), "pod-a", nil).Handler()
	start := time.Now()
	code, body, _ := do(t, h, "GET", "/dependency", "")
	if took := time.Since(start); code != http.StatusBadGateway || took > time.Second || !strings.Contains(body, "Client.Timeout exceeded") {
		t.Errorf("GET /dependency with the store hanging = %d %q after %s, want 502 within the 100ms timeout", code, body, took)
	}
	for _, path := range []string{"/", "/readyz", "/healthz"} {
		if code, body, _ := do(t, h, "GET", path, ""); code != http.StatusOK {
			t.Errorf("GET %s with the store down = %d %q, want 200: it does not use the store", path, code, body)
		}
	}
	up := New(appConfig(t, map[string]string{"TARGET_STORE_URL": storeServer(t)}), "pod-a", nil).Handler()
	if code, body, _ := do(t, up, "GET", "/dependency", ""); code != http.StatusOK || body != "ok pod-a store\n" {
		t.Errorf("GET /dependency with the store up = %d %q, want 200 %q", code, body, "ok pod-a store\n")
	}
}

// The twins' defects: probes that call the store fail with it, and a store
// call without a timeout hangs for as long as the store does.
func TestDependencyDefects(t *testing.T) {
	t.Parallel()
	store := hangingStore(t)
	for _, tc := range []struct {
		env  string
		path string
	}{
		{"TARGET_READY_CHECKS_STORE", "/readyz"},
		{"TARGET_LIVE_CHECKS_STORE", "/healthz"},
	} {
		h := New(appConfig(t, map[string]string{"TARGET_STORE_URL": store, "TARGET_STORE_TIMEOUT": "100ms", tc.env: "true"}), "pod-a", nil).Handler()
		if code, body, _ := do(t, h, "GET", tc.path, ""); code != http.StatusServiceUnavailable || !strings.Contains(body, "state store") {
			t.Errorf("%s=true: GET %s with the store down = %d %q, want 503 naming the store", tc.env, tc.path, code, body)
		}
	}
	cfg := appConfig(t, map[string]string{"TARGET_STORE_URL": store, "TARGET_STORE_TIMEOUT": "none"})
	if !cfg.NoStoreTimeout {
		t.Fatal("TARGET_STORE_TIMEOUT=none did not drop the timeout")
	}
	h := New(cfg, "pod-a", nil).Handler()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/dependency", nil).WithContext(ctx))
	if took := time.Since(start); took < 450*time.Millisecond {
		t.Errorf("without a store timeout GET /dependency returned after %s (%d), want it to hang until its client left (500ms)", took, rec.Code)
	}
}
