package app

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr bool
	}{
		{"defaults", nil, func(c Config) bool {
			return c.Listen == DefaultListen && c.Shutdown == Graceful && c.DrainDelay == DefaultDrainDelay &&
				c.Mode == App && c.State == StateStore && c.StoreURL == "" && c.StoreTimeout == DefaultStoreTimeout && c.ErrorRate == 0
		}, false},
		{"app mode", map[string]string{"TARGET_MODE": "app"}, func(c Config) bool { return c.Mode == App }, false},
		{"store mode", map[string]string{"TARGET_MODE": "store"}, func(c Config) bool { return c.Mode == Store }, false},
		{"memory state", map[string]string{"TARGET_STATE": "memory"}, func(c Config) bool { return c.State == StateMemory }, false},
		{"store", map[string]string{"TARGET_STORE_URL": "http://store/", "TARGET_STORE_TIMEOUT": "250ms"}, func(c Config) bool {
			return c.State == StateStore && c.StoreURL == "http://store" && c.StoreTimeout == 250*time.Millisecond
		}, false},
		{"error rate", map[string]string{"TARGET_ERROR_RATE": "0.02"}, func(c Config) bool { return c.ErrorRate == 0.02 }, false},
		{"error rate 1", map[string]string{"TARGET_ERROR_RATE": "1"}, func(c Config) bool { return c.ErrorRate == 1 }, false},
		{"bad target mode", map[string]string{"TARGET_MODE": "proxy"}, nil, true},
		{"bad state", map[string]string{"TARGET_STATE": "disk"}, nil, true},
		{"bad store url", map[string]string{"TARGET_STORE_URL": "store:80"}, nil, true},
		{"bad store timeout", map[string]string{"TARGET_STORE_TIMEOUT": "2"}, nil, true},
		{"zero store timeout", map[string]string{"TARGET_STORE_TIMEOUT": "0s"}, nil, true},
		{"no store timeout", map[string]string{"TARGET_STORE_TIMEOUT": "none"}, func(c Config) bool { return c.NoStoreTimeout && c.StoreTimeout == 0 }, false},
		{"probes check the store", map[string]string{"TARGET_READY_CHECKS_STORE": "true", "TARGET_LIVE_CHECKS_STORE": "1"}, func(c Config) bool { return c.ReadyChecksStore && c.LiveChecksStore }, false},
		{"bad probe flag", map[string]string{"TARGET_READY_CHECKS_STORE": "sometimes"}, nil, true},
		{"error rate NaN", map[string]string{"TARGET_ERROR_RATE": "NaN"}, nil, true},
		{"error rate above 1", map[string]string{"TARGET_ERROR_RATE": "1.5"}, nil, true},
		{"negative error rate", map[string]string{"TARGET_ERROR_RATE": "-0.1"}, nil, true},
		{"error rate not a number", map[string]string{"TARGET_ERROR_RATE": "2%"}, nil, true},
		{"immediate", map[string]string{"TARGET_SHUTDOWN": "immediate"}, func(c Config) bool { return c.Shutdown == Immediate }, false},
		{"drain", map[string]string{"TARGET_DRAIN_DELAY": "0s"}, func(c Config) bool { return c.DrainDelay == 0 }, false},
		{"bad mode", map[string]string{"TARGET_SHUTDOWN": "later"}, nil, true},
		{"bad duration", map[string]string{"TARGET_DRAIN_DELAY": "5"}, nil, true},
		{"negative int", map[string]string{"TARGET_WORK_ALLOC_KIB": "-1"}, nil, true},
		{"bad bool", map[string]string{"TARGET_READY_WHILE_STOPPING": "yes please"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr {
				if !errors.Is(err, ErrBadConfig) {
					t.Fatalf("err = %v, want ErrBadConfig", err)
				}
				return
			}
			if err != nil || !tt.check(c) {
				t.Fatalf("config %+v, err %v", c, err)
			}
		})
	}
}

// serve starts a server on a loopback port and returns its URL and a stop
// function that delivers "SIGTERM" and waits for Serve to return.
func serve(t *testing.T, cfg Config) (string, func() error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(cfg, "test", nil).Serve(ctx, l) }()
	return "http://" + l.Addr().String(), func() error { cancel(); return <-done }
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	t.Parallel()
	url, stop := serve(t, Config{DrainDelay: 200 * time.Millisecond, ShutdownTimeout: 5 * time.Second})
	res := make(chan error, 1)
	go func() {
		resp, err := http.Get(url + "/delay?ms=600")
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				err = errors.New(resp.Status)
			}
		}
		res <- err
	}()
	waitInFlight(t, url)
	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if err := <-res; err != nil {
		t.Fatalf("in-flight request failed during graceful shutdown: %v", err)
	}
}

func TestImmediateShutdownDropsInFlight(t *testing.T) {
	t.Parallel()
	url, stop := serve(t, Config{Shutdown: Immediate})
	res := make(chan error, 1)
	go func() {
		resp, err := http.Get(url + "/delay?ms=2000")
		if err == nil {
			resp.Body.Close()
		}
		res <- err
	}()
	waitInFlight(t, url)
	_ = stop()
	if err := <-res; err == nil {
		t.Fatal("in-flight request succeeded; the immediate twin must drop it")
	}
}

// waitInFlight waits until the server reports a request in flight.
func waitInFlight(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), "target_requests_in_flight 1") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond) // polling a test server's gauge
	}
	t.Fatal("no request in flight")
}

func TestReadinessDuringShutdown(t *testing.T) {
	t.Parallel()
	for _, ready := range []bool{false, true} {
		s := New(Config{ReadyWhileStopping: ready}, "h", nil)
		s.stopping.Store(true)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		want := http.StatusServiceUnavailable
		if ready {
			want = http.StatusOK
		}
		if rec.Code != want {
			t.Errorf("ReadyWhileStopping=%v: /readyz = %d, want %d", ready, rec.Code, want)
		}
	}
}

func TestLivenessUnderLoad(t *testing.T) {
	t.Parallel()
	s := New(Config{LivenessMaxInFlight: 2}, "h", nil)
	check := func() int {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code
	}
	if c := check(); c != 200 {
		t.Fatalf("idle /healthz = %d", c)
	}
	s.inFlight.Store(3)
	if c := check(); c != http.StatusServiceUnavailable {
		t.Fatalf("busy /healthz = %d, want 503", c)
	}
}

func TestWorkAndMetrics(t *testing.T) {
	t.Parallel()
	s := New(Config{WorkAllocKiB: 64}, "h", nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/work?ms=5", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "65536") {
		t.Fatalf("/work = %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `target_requests_total{code="200",route="work"} 1`) {
		t.Fatalf("metrics lack the work request:\n%s", rec.Body.String())
	}
}
