package loadgen

import (
	"time"
)

// Summary condenses the windows of one time range, e.g. a phase of a
// scenario.
type Summary struct {
	// From and To bound the windows summarized; Windows counts them.
	From, To time.Time
	Windows  int
	// Requests counts every request sent; Judged leaves out the canceled
	// ones, which say nothing about the target; Successes are judged
	// requests that succeeded.
	Requests, Judged, Successes uint64
	// SuccessRatio is Successes / Judged, or 0 when nothing was judged.
	SuccessRatio float64
	// Interval is SuccessRatio's 95% Wilson score interval.
	Interval Interval
	// Rate is the achieved rate: Requests per second of [From, To).
	Rate float64
	// Latency holds quantiles of the successful requests' latencies.
	Latency Latency
	// Errors counts failed requests by class; Codes counts requests by
	// status code (0: no response).
	Errors map[Class]uint64
	Codes  map[uint16]uint64
	// BytesIn and BytesOut are the response and request body bytes.
	BytesIn, BytesOut uint64
	// Paths are each request path's requests and latency.
	Paths map[string]PathSummary
}

// Latency holds latency quantiles; P999 is the 99.9th percentile. Min, Max
// and Mean are exact, the quantiles are t-digest estimates.
type Latency struct {
	P50, P90, P95, P99, P999 time.Duration
	Min, Max, Mean           time.Duration
}

// Summarize condenses the windows whose midpoint lies in [from, to): each
// window goes whole to the range holding most of it. A zero from or to
// leaves that side open.
func Summarize(windows []Window, from, to time.Time) Summary {
	s := Summary{Errors: map[Class]uint64{}, Codes: map[uint16]uint64{}}
	var digests []Digest
	var included []Window
	var span time.Duration
	for _, w := range windows {
		mid := w.Start.Add(w.Duration() / 2)
		if (!from.IsZero() && mid.Before(from)) || (!to.IsZero() && !mid.Before(to)) {
			continue
		}
		if s.Windows == 0 {
			s.From = w.Start
		}
		s.To = w.End
		s.Windows++
		span += w.Duration()
		s.Requests += w.Requests
		s.BytesIn += w.BytesIn
		s.BytesOut += w.BytesOut
		for code, n := range w.Codes {
			s.Codes[code] += n
		}
		for c, n := range w.Errors {
			s.Errors[c] += n
		}
		digests = append(digests, w.Latency)
		if len(w.Paths) > 0 {
			included = append(included, w)
		}
	}
	s.Paths = summarizePaths(included)
	s.Judged = s.Requests - s.Errors[ClassCanceled]
	s.Successes = s.Requests
	for _, n := range s.Errors {
		s.Successes -= n
	}
	if s.Judged > 0 {
		s.SuccessRatio = float64(s.Successes) / float64(s.Judged)
	}
	s.Interval = Wilson(s.Successes, s.Judged)
	if span > 0 {
		s.Rate = float64(s.Requests) / span.Seconds()
	}
	s.Latency = latencyOf(MergeDigests(digests...))
	return s
}

func latencyOf(m Merged) Latency {
	d := m.Digest()
	return Latency{
		P50: m.Quantile(0.50), P90: m.Quantile(0.90), P95: m.Quantile(0.95),
		P99: m.Quantile(0.99), P999: m.Quantile(0.999),
		Min: d.Min(), Max: d.Max(), Mean: d.Mean(),
	}
}
