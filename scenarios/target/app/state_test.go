package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// do serves one request on h and returns the response's code, body and
// X-Served-By header.
func do(t *testing.T, h http.Handler, method, path, body string) (int, string, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec.Code, rec.Body.String(), rec.Header().Get("X-Served-By")
}

// storeServer runs a Store mode server and returns its URL.
func storeServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(New(Config{Mode: Store}, "store", nil).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// appConfig is an App mode configuration read from env.
func appConfig(t *testing.T, env map[string]string) Config {
	t.Helper()
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStore(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", MaxValue+1)
	full := strings.Repeat("y", MaxValue)
	// Steps run in order on one store.
	steps := []struct {
		method, path, body string
		wantCode           int
		wantBody           string
	}{
		{"GET", "/kv/a", "", http.StatusNotFound, "no such key\n"},
		{"PUT", "/kv/a", "v1\x00\n", http.StatusNoContent, ""},
		{"GET", "/kv/a", "", http.StatusOK, "v1\x00\n"},
		{"PUT", "/kv/a", "v2", http.StatusNoContent, ""},
		{"GET", "/kv/a", "", http.StatusOK, "v2"},
		{"PUT", "/kv/empty", "", http.StatusNoContent, ""},
		{"GET", "/kv/empty", "", http.StatusOK, ""},
		{"PUT", "/kv/full", full, http.StatusNoContent, ""},
		{"GET", "/kv/full", "", http.StatusOK, full},
		{"PUT", "/kv/big", big, http.StatusRequestEntityTooLarge, "value larger than 65536 bytes\n"},
		{"GET", "/kv/big", "", http.StatusNotFound, "no such key\n"},
		{"GET", "/kv/b", "", http.StatusNotFound, "no such key\n"},
		// Store mode serves the store and the probes, not the app.
		{"GET", "/healthz", "", http.StatusOK, "ok\n"},
		{"GET", "/readyz", "", http.StatusOK, "ok\n"},
		{"GET", "/", "", http.StatusNotFound, "404 page not found\n"},
		{"PUT", "/state/a", "v", http.StatusNotFound, "404 page not found\n"},
	}
	h := New(Config{Mode: Store}, "store", nil).Handler()
	for _, st := range steps {
		code, body, _ := do(t, h, st.method, st.path, st.body)
		if code != st.wantCode || body != st.wantBody {
			t.Errorf("%s %s = %d %.40q, want %d %.40q", st.method, st.path, code, body, st.wantCode, st.wantBody)
		}
	}
	_, m, _ := do(t, h, "GET", "/metrics", "")
	if !strings.Contains(m, `target_requests_total{code="204",route="kv_put"} 4`) {
		t.Errorf("metrics lack the store's PUTs:\n%s", m)
	}
}

// A value written through one replica is read through another when the
// state is in the store (the stateless proof in miniature), and is not
// when each replica keeps it in memory.
func TestStateAcrossReplicas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		state              string
		wantCode           int
		wantBody           string
		wantBodyFromWriter string
	}{
		{"store", "", http.StatusOK, "v1\x00\n", "v1\x00\n"},
		{"memory", "memory", http.StatusNotFound, "no such key\n", "v1\x00\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := appConfig(t, map[string]string{"TARGET_STORE_URL": storeServer(t), "TARGET_STATE": tt.state})
			a, b := New(cfg, "pod-a", nil).Handler(), New(cfg, "pod-b", nil).Handler()
			if code, body, by := do(t, a, "PUT", "/state/k", "v1\x00\n"); code != http.StatusOK || body != "ok pod-a\n" || by != "pod-a" {
				t.Fatalf("PUT via pod-a = %d %q (X-Served-By %q)", code, body, by)
			}
			if code, body, by := do(t, b, "GET", "/state/k", ""); code != tt.wantCode || body != tt.wantBody || by != "pod-b" {
				t.Errorf("GET via pod-b = %d %q (X-Served-By %q), want %d %q", code, body, by, tt.wantCode, tt.wantBody)
			}
			if code, body, _ := do(t, a, "GET", "/state/k", ""); code != http.StatusOK || body != tt.wantBodyFromWriter {
				t.Errorf("GET via pod-a = %d %q, want 200 %q", code, body, tt.wantBodyFromWriter)
			}
			if code, body, by := do(t, b, "GET", "/state/missing", ""); code != http.StatusNotFound || by != "pod-b" {
				t.Errorf("GET of a missing key = %d %q (X-Served-By %q), want 404", code, body, by)
			}
			if code, _, _ := do(t, a, "PUT", "/state/big", strings.Repeat("x", MaxValue+1)); code != http.StatusRequestEntityTooLarge {
				t.Errorf("PUT of %d bytes = %d, want 413", MaxValue+1, code)
			}
			_, m, _ := do(t, b, "GET", "/metrics", "")
			if !strings.Contains(m, `route="state_get"`) {
				t.Errorf("metrics lack the state route:\n%s", m)
			}
		})
	}
}

// A store that is down, slow or failing is a 502 with a one-line reason,
// within the store timeout; no store at all is a 503.
func TestStateStoreFailure(t *testing.T) {
	t.Parallel()
	// Nothing listens on port 1; a closed test server's port could be
	// taken by another parallel test's server.
	const down = "http://127.0.0.1:1"
	tests := []struct {
		name     string
		handler  http.HandlerFunc // the store's; nil for none
		url      string           // the store's URL when there is no handler
		wantCode int
		wantText string
	}{
		{"down", nil, down, http.StatusBadGateway, "connection refused"},
		// The server notices that the client left only once it has read
		// the body.
		{"slow", func(_ http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		}, "", http.StatusBadGateway, "Client.Timeout exceeded"},
		{"failing", func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "disk\nfull", http.StatusInternalServerError)
		}, "", http.StatusBadGateway, "answered 500 Internal Server Error"},
		{"none", nil, "", http.StatusServiceUnavailable, "no state store configured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := tt.url
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				t.Cleanup(srv.Close)
				t.Cleanup(srv.CloseClientConnections) // runs first: no handler outlives the test
				url = srv.URL
			}
			h := New(appConfig(t, map[string]string{"TARGET_STORE_URL": url, "TARGET_STORE_TIMEOUT": "100ms"}), "pod-a", nil).Handler()
			for _, method := range []string{"PUT", "GET"} {
				start := time.Now()
				code, body, by := do(t, h, method, "/state/k", "v")
				if took := time.Since(start); took > time.Second {
					t.Errorf("%s took %s, more than the 100ms store timeout allows", method, took)
				}
				if code != tt.wantCode || !strings.Contains(body, tt.wantText) || strings.Count(body, "\n") != 1 || by != "pod-a" {
					t.Errorf("%s = %d %q (X-Served-By %q), want %d with one line saying %q", method, code, body, by, tt.wantCode, tt.wantText)
				}
			}
		})
	}
}

// TARGET_ERROR_RATE fails exactly that fraction of the requests to / and
// /delay, spread evenly, and no others.
func TestErrorRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate      float64
		wantFails int
		wantGap   int // between failures; 0 when not checked
	}{
		{0, 0, 0},
		{0.02, 20, 50},
		{0.25, 250, 4},
		{1, 1000, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rate), func(t *testing.T) {
			t.Parallel()
			h := New(Config{ErrorRate: tt.rate}, "h", nil).Handler()
			fails, last := 0, 0
			for n := 1; n <= 1000; n++ {
				path := "/"
				if n%2 == 0 {
					path = "/delay?ms=0"
				}
				code, body, _ := do(t, h, "GET", path, "")
				switch {
				case code == http.StatusInternalServerError && body == "injected error\n":
					fails++
					if tt.wantGap > 0 && n-last != tt.wantGap {
						t.Errorf("request %d failed %d after the last failure, want %d", n, n-last, tt.wantGap)
					}
					last = n
				case code != http.StatusOK:
					t.Fatalf("request %d: %d %q", n, code, body)
				}
			}
			if fails != tt.wantFails {
				t.Errorf("%d of 1000 requests failed, want %d", fails, tt.wantFails)
			}
			if code, _, _ := do(t, h, "GET", "/work?ms=0", ""); code != http.StatusOK {
				t.Errorf("/work = %d; errors are injected on / and /delay only", code)
			}
		})
	}
}

// The store and the app shut down the same way.
func TestStoreServesAndShutsDown(t *testing.T) {
	t.Parallel()
	url, stop := serve(t, Config{Mode: Store, ShutdownTimeout: time.Second})
	req, err := http.NewRequestWithContext(context.Background(), "PUT", url+"/kv/a", strings.NewReader("v"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(url + "/kv/a")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "v" {
		t.Fatalf("GET /kv/a = %d %q", resp.StatusCode, b)
	}
	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
