package loadgen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golive/resilience/loadgen"
	"github.com/prometheus/client_golang/prometheus"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func ExampleRun() {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	plan := loadgen.Plan{
		Targets:  []loadgen.Target{{URL: srv.URL + "/healthz"}},
		Pacing:   loadgen.Constant{Rate: loadgen.PerSecond(20)},
		Duration: 500 * time.Millisecond,
		Window:   100 * time.Millisecond,
	}

	windows, err := loadgen.Run(context.Background(), plan,
		loadgen.OnWindow(func(w loadgen.Window) { /* judge the SLO as the run goes */ }))
	if err != nil {
		fmt.Println(err)
		return
	}

	s := loadgen.Summarize(windows, time.Time{}, time.Time{})
	fmt.Printf("%d windows, %d requests, %.0f%% success\n", len(windows), s.Requests, 100*s.SuccessRatio)
	// Output: 5 windows, 10 requests, 100% success
}

func ExampleSummarize() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := loadgen.NewFolder(start, time.Second, nil)
	for i := range 1000 { // 100 requests per second for 10 seconds
		r := vegeta.Result{Timestamp: start.Add(time.Duration(i) * 10 * time.Millisecond), Code: 200, Latency: 20 * time.Millisecond}
		if i >= 500 && i < 505 { // five failures in the sixth second
			r.Code, r.Error = 503, "503 Service Unavailable"
		}
		f.Add(&r)
	}
	windows := f.Close(start.Add(10 * time.Second))

	// The phase from 5s to 6s, say while a pod was being deleted.
	s := loadgen.Summarize(windows, start.Add(5*time.Second), start.Add(6*time.Second))
	fmt.Printf("%d requests at %.0f/s, success %.2f in [%.3f, %.3f], errors %v, p99 %s\n",
		s.Requests, s.Rate, s.SuccessRatio, s.Interval.Low, s.Interval.High, s.Errors, s.Latency.P99)
	fmt.Println("enough to judge 99%:", s.Enough(0.99), "99.9%:", s.Enough(0.999))
	// Output:
	// 100 requests at 100/s, success 0.95 in [0.888, 0.978], errors map[5xx:5], p99 20ms
	// enough to judge 99%: true 99.9%: false
}

func ExamplePlan_Validate() {
	plan := loadgen.Plan{
		Targets: []loadgen.Target{{URL: "http://10.0.0.7:8080/"}},
		Pacing:  loadgen.Constant{Rate: loadgen.PerSecond(100)},
	}
	err := plan.Validate()
	fmt.Println(errors.Is(err, loadgen.ErrNotLoopback))
	fmt.Println(err)
	// Output:
	// true
	// target 0: url "http://10.0.0.7:8080/": target host is not a loopback address
}

func ExampleMinSample() {
	for _, target := range []float64{0.99, 0.999, 0.9999} {
		fmt.Printf("%v needs %d requests\n", target, loadgen.MinSample(target))
	}
	// Output:
	// 0.99 needs 100 requests
	// 0.999 needs 1000 requests
	// 0.9999 needs 10000 requests
}

func ExampleNewMetrics() {
	reg := prometheus.NewRegistry()
	m, err := loadgen.NewMetrics(reg)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = loadgen.WithMetrics(m) // pass to every Run

	families, _ := reg.Gather()
	for _, f := range families {
		fmt.Println(f.GetName())
	}
	// Output:
	// loadgen_errors_total
	// loadgen_request_duration_seconds
	// loadgen_requests_in_flight
}

func ExampleSteps() {
	// 50/s for a minute of baseline, then 500/s while the fault runs.
	pacing := loadgen.Steps{
		{Rate: loadgen.PerSecond(50), For: time.Minute},
		{Rate: loadgen.PerSecond(500), For: 5 * time.Minute},
	}
	fmt.Println(pacing.Pacer().Rate(30*time.Second), pacing.Pacer().Rate(2*time.Minute))
	// Output: 50 500
}
