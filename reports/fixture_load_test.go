package reports

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// windows makes the load windows of a scenario from start: steady load with
// noise, disturbed while a fault is in force. severity 1 is a pod deletion
// (a burst of resets at the injection); more is a node loss (timeouts and
// 5xx while traffic still goes to the lost node's pods, then slow).
func (f fixture) windows(start time.Time, faults []Fault, severity int) []Window {
	rng := rand.New(rand.NewPCG(uint64(start.Unix()), uint64(severity)))
	n := int(f.length / f.window)
	out := make([]Window, n)
	for i := range out {
		ws := start.Add(time.Duration(i) * f.window)
		w := Window{Start: ws, Duration: f.window}
		w.Requests = uint64(max(0, math.Round(f.rate*f.window.Seconds()*(1+0.02*rng.NormFloat64()))))
		slow := 1.0
		if since, ok := faultSince(ws, ws.Add(f.window), faults); ok {
			slow = f.disturb(&w, rng, since, severity)
		}
		p50 := time.Duration((4 + rng.Float64()) * slow * float64(time.Millisecond))
		w.P50, w.P90 = p50, time.Duration(float64(p50)*2.2)
		w.P99 = time.Duration(float64(p50) * (4.5 + rng.Float64()))
		w.Max = time.Duration(float64(w.P99) * 1.8)
		ok := w.Requests - w.Failures()
		w.Codes = map[int]uint64{200: ok}
		if n5xx := w.Errors["5xx"]; n5xx > 0 {
			w.Codes[503] = n5xx
		}
		if none := w.Failures() - w.Errors["5xx"]; none > 0 {
			w.Codes[0] = none
		}
		w.BytesIn, w.BytesOut = ok*512, w.Requests*64
		out[i] = w
	}
	return out
}

// faultSince returns how long the first fault in force during [from, to)
// had been in force at from (negative when it began inside the window).
func faultSince(from, to time.Time, faults []Fault) (time.Duration, bool) {
	for _, fl := range faults {
		if fl.Injected.Before(to) && fl.Reverted.After(from) {
			return from.Sub(fl.Injected), true
		}
	}
	return 0, false
}

// disturb adds a fault's failures to w and returns its latency factor.
func (f fixture) disturb(w *Window, rng *rand.Rand, since time.Duration, severity int) float64 {
	add := func(class string, frac float64) {
		if k := uint64(math.Round(frac * float64(w.Requests) * (0.5 + rng.Float64()))); k > 0 {
			if w.Errors == nil {
				w.Errors = map[string]uint64{}
			}
			w.Errors[class] += min(k, w.Requests-w.Failures())
		}
	}
	if severity == 1 {
		if since <= 0 { // the window holding the injection
			add("reset", 6/(f.rate*f.window.Seconds()))
			add("eof", 3/(f.rate*f.window.Seconds()))
		}
		return 2.5
	}
	if since < 40*time.Second {
		add("timeout", 0.03)
		add("5xx", 0.02)
		add("refused", 0.015)
		return 15
	}
	add("5xx", 0.002)
	return 3
}

// podSeries makes the gauges of a scenario: replicas desired stays at n,
// ready pods drop by one while a fault is in force; endpoints and available
// replicas follow a little later. restart adds a container restart.
func (f fixture) podSeries(start time.Time, faults []Fault, n float64, restart bool) []Series {
	desired := Series{Name: SeriesDesiredReplicas, Points: []Point{{start, n}}}
	ready := Series{Name: SeriesReadyPods, Points: []Point{{start, n}}}
	avail := Series{Name: SeriesAvailableReplicas, Points: []Point{{start, n}}}
	eps := Series{Name: SeriesEndpointsReady, Points: []Point{{start, n}}}
	restarts := Series{Name: SeriesRestarts, Points: []Point{{start, 0}}}
	for _, fl := range faults {
		down, up := fl.Injected.Add(2*time.Second), fl.Reverted
		ready.Points = append(ready.Points, Point{down, n - 1}, Point{up, n})
		avail.Points = append(avail.Points, Point{down.Add(time.Second), n - 1}, Point{up.Add(time.Second), n})
		eps.Points = append(eps.Points, Point{down.Add(500 * time.Millisecond), n - 1}, Point{up.Add(500 * time.Millisecond), n})
		if restart {
			restarts.Points = append(restarts.Points, Point{up.Add(5 * time.Second), 1})
		}
	}
	return []Series{desired, ready, avail, eps, restarts}
}

// windowQuantiles stands in for merged digests in the fixture: the median
// of the windows' p50s, the 90th and 99th percentiles of their p90s and
// p99s, and the largest max, over windows starting in [from, to).
func windowQuantiles(windows []Window, from, to time.Time) (p50, p90, p99, maxLat time.Duration) {
	var a, b, c []time.Duration
	for _, w := range windows {
		if w.Start.Before(from) || !w.Start.Before(to) {
			continue
		}
		a, b, c = append(a, w.P50), append(b, w.P90), append(c, w.P99)
		maxLat = max(maxLat, w.Max)
	}
	return pick(a, 0.5), pick(b, 0.9), pick(c, 0.99), maxLat
}

func pick(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[int(q*float64(len(d)-1))]
}

func countText(failed, of uint64) string { return fmt.Sprintf("%d of %d", failed, of) }
