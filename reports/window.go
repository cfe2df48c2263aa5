package reports

import "time"

// Window is the aggregate of the requests sent in [Start, Start+Duration):
// counts and a few latency quantiles, not the digest they came from.
type Window struct {
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"durationNs"`
	// Requests is the number of requests sent in the window.
	Requests uint64 `json:"requests"`
	// Codes counts requests by HTTP status; 0 is no response.
	Codes map[int]uint64 `json:"codes,omitempty"`
	// Errors counts failed requests by class name (loadgen.Class.String:
	// "5xx", "timeout", "refused", ...).
	Errors map[string]uint64 `json:"errors,omitempty"`
	// P50, P90, P99 and Max are latencies of the window's successful
	// requests.
	P50 time.Duration `json:"p50Ns"`
	P90 time.Duration `json:"p90Ns"`
	P99 time.Duration `json:"p99Ns"`
	Max time.Duration `json:"maxNs"`
	// BytesIn and BytesOut are the response and request body bytes.
	BytesIn  uint64 `json:"bytesIn,omitempty"`
	BytesOut uint64 `json:"bytesOut,omitempty"`
}

// ErrorClassCanceled is the class of requests aborted by the run itself;
// they say nothing about the target and are left out of availability.
const ErrorClassCanceled = "canceled"

// Failures returns the number of failed requests, canceled ones included.
func (w Window) Failures() uint64 {
	var n uint64
	for _, c := range w.Errors {
		n += c
	}
	return n
}

// End returns Start + Duration.
func (w Window) End() time.Time { return w.Start.Add(w.Duration) }

// Names of the gauge series the observers record; producers may add others.
const (
	SeriesReadyPods         = "pods/ready"
	SeriesRestarts          = "pods/restarts"
	SeriesDesiredReplicas   = "replicas/desired"
	SeriesAvailableReplicas = "replicas/available"
	SeriesEndpointsReady    = "endpoints/ready"
)

// Series is a gauge over time, recorded when its value changed.
type Series struct {
	Name   string  `json:"name"`
	Points []Point `json:"points"`
}

// Point is a gauge's value from Time on.
type Point struct {
	Time  time.Time `json:"t"`
	Value float64   `json:"v"`
}

// SeriesNamed returns the series named name, or nil.
func (s *Scenario) SeriesNamed(name string) *Series {
	for i := range s.Series {
		if s.Series[i].Name == name {
			return &s.Series[i]
		}
	}
	return nil
}
