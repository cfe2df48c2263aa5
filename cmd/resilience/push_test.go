package main

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/golive/resilience/reports"
)

// -push sends the run's metrics to the Pushgateway under its job and the
// spec's name as instance (or -push-instance).
func TestPushMetrics(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer gw.Close()
	now := time.Now()
	res := &reports.Result{SchemaVersion: reports.SchemaVersion, Name: "shop", Started: now, Finished: now.Add(time.Minute)}
	for _, tc := range []struct {
		f    runFlags
		want string
	}{
		{runFlags{push: gw.URL, pushJob: "resilience"}, "PUT /metrics/job/resilience/instance/shop"},
		{runFlags{push: gw.URL, pushJob: "golive", pushInstance: "cart"}, "PUT /metrics/job/golive/instance/cart"},
	} {
		if err := pushMetrics(res, &tc.f, "shop"); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		got := paths[len(paths)-1]
		mu.Unlock()
		if got != tc.want {
			t.Errorf("pushed %q, want %q", got, tc.want)
		}
	}
	// A gateway that refuses is an error naming it.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer down.Close()
	if err := pushMetrics(res, &runFlags{push: down.URL, pushJob: "resilience"}, "x"); err == nil {
		t.Error("a refusing gateway: no error")
	}
}
