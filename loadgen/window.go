package loadgen

import "time"

// Window holds the outcome of every request started in [Start, End).
// Requests are placed by the time they were sent, not by when they ended,
// so a slow request counts in the window where it began.
type Window struct {
	// Start and End bound the window; only the last window of a run may be
	// shorter than the plan's Window.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Requests is the number of requests sent in the window.
	Requests uint64 `json:"requests"`
	// Codes counts requests by response status; 0 is no response.
	Codes map[uint16]uint64 `json:"codes,omitempty"`
	// Errors counts failed requests by class.
	Errors map[Class]uint64 `json:"errors,omitempty"`
	// Latency is the latency digest of the successful requests. Failures
	// are left out: a refused connection is fast and a timeout is as slow
	// as the timeout, and both would say more about the failure than about
	// the service.
	Latency Digest `json:"latency"`
	// BytesIn and BytesOut are the response and request body bytes.
	BytesIn  uint64 `json:"bytes_in"`
	BytesOut uint64 `json:"bytes_out"`
	// Late counts results folded here because the window they belonged to
	// had already been closed by Folder.CloseBefore. Run never closes a
	// window early, so its windows always have Late == 0.
	Late uint64 `json:"late,omitempty"`
	// Paths are each request path's share of the window (by request URI,
	// at most MaxPaths of them).
	Paths map[string]PathWindow `json:"paths,omitempty"`
}

// Failures returns the number of failed requests, canceled ones included.
func (w Window) Failures() uint64 {
	var n uint64
	for _, c := range w.Errors {
		n += c
	}
	return n
}

// Successes returns the number of successful requests.
func (w Window) Successes() uint64 { return w.Requests - w.Failures() }

// Duration returns End - Start.
func (w Window) Duration() time.Duration { return w.End.Sub(w.Start) }
