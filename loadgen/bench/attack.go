package bench

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"syscall"
	"time"

	"github.com/golive/resilience/loadgen"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Round is one attack of the bench.
type Round struct {
	// Tool is "vegeta" or "loadgen".
	Tool string
	// Requests sent and Successes among them.
	Requests, Successes uint64
	// Rate achieved, requests per second.
	Rate float64
	// CPU is the user+system CPU time the process spent in the attack.
	CPU time.Duration
}

// CPUPerRequest returns CPU / Requests.
func (r Round) CPUPerRequest() time.Duration {
	if r.Requests == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Requests)
}

// cpuTime returns the user+system CPU time of this process so far.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// measure runs attack between two CPU readings, after a garbage collection
// so that neither tool pays for the other's garbage.
func measure(r *Round, attack func() error) error {
	runtime.GC()
	before, err := cpuTime()
	if err != nil {
		return err
	}
	if err := attack(); err != nil {
		return err
	}
	after, err := cpuTime()
	r.CPU = after - before
	return err
}

// rawVegeta attacks url with vegeta's lib as its README shows: default
// attacker, static targeter, constant pacer, results drained and counted.
func rawVegeta(url string, rate int, d time.Duration) (Round, error) {
	r := Round{Tool: "vegeta"}
	err := measure(&r, func() error {
		atk := vegeta.NewAttacker()
		tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: url})
		var first, last time.Time
		for res := range atk.Attack(tr, vegeta.ConstantPacer{Freq: rate, Per: time.Second}, d, "") {
			if r.Requests == 0 || res.Timestamp.Before(first) {
				first = res.Timestamp
			}
			if res.Timestamp.After(last) {
				last = res.Timestamp
			}
			r.Requests++
			if res.Error == "" {
				r.Successes++
			}
		}
		// vegeta's own report's rate: requests over first to last request.
		if span := last.Sub(first).Seconds(); span > 0 {
			r.Rate = float64(r.Requests) / span
		}
		return nil
	})
	return r, err
}

// withLoadgen attacks url with loadgen.Run and the same plan.
func withLoadgen(ctx context.Context, url string, rate int, d time.Duration) (Round, error) {
	r := Round{Tool: "loadgen"}
	err := measure(&r, func() error {
		ws, err := loadgen.Run(ctx, loadgen.Plan{
			Targets:  []loadgen.Target{{URL: url}},
			Pacing:   loadgen.Constant{Rate: loadgen.PerSecond(rate)},
			Duration: d,
		})
		if err != nil {
			return fmt.Errorf("loadgen run: %w", err)
		}
		s := loadgen.Summarize(ws, time.Time{}, time.Time{})
		r.Requests, r.Successes, r.Rate = s.Requests, s.Successes, s.Rate
		return nil
	})
	return r, err
}
