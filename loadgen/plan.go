package loadgen

import (
	"net/http"
	"time"
)

// Defaults that Run applies to the zero fields of a Plan, and limits that
// Validate enforces.
const (
	// DefaultWindow is the width of a measurement window.
	DefaultWindow = time.Second
	// MinWindow is the narrowest window a Plan may ask for.
	MinWindow = 100 * time.Millisecond
	// DefaultTimeout bounds one request, from dial to the last body byte.
	DefaultTimeout = 30 * time.Second
	// DefaultWorkers is the number of workers an attack starts with; more are
	// added when they are all busy, up to Plan.MaxWorkers.
	DefaultWorkers uint64 = 10
	// DefaultIdleConns is the number of idle connections kept per host.
	DefaultIdleConns = 10000
	// MaxTotalWeight bounds the sum of the targets' weights.
	MaxTotalWeight = 10000
)

// Target is one HTTP request blueprint of a Plan.
type Target struct {
	// Method is the HTTP method; empty means GET.
	Method string
	// URL is an absolute http or https URL whose host is a loopback address
	// or "localhost", or one of the hosts given to Run with AllowHosts: load
	// never goes anywhere else.
	URL string
	// Header is sent with every request; it is read, never modified.
	Header http.Header
	// Body is sent with every request; it is read, never modified.
	Body []byte
	// Weight is the target's share of requests relative to the other
	// targets'; zero counts as one.
	Weight int
}

// Plan is what Run sends: which targets, how fast, for how long, and over
// which kind of connections. The zero values of its optional fields select
// the defaults documented on each field.
type Plan struct {
	// Targets are hit in a smooth weighted round robin.
	Targets []Target
	// Pacing sets the request rate over time: Constant, Ramp or Steps.
	Pacing Pacing
	// Duration is how long requests are sent; zero means until the context
	// given to Run is cancelled.
	Duration time.Duration
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
	// Workers is the initial number of workers; zero means DefaultWorkers.
	Workers uint64
	// MaxWorkers caps the workers; zero means no cap, so the rate is kept
	// even when the target stalls.
	MaxWorkers uint64
	// DisableKeepAlive opens a new connection for every request. Graceful
	// shutdown bugs look different with and without connection reuse.
	DisableKeepAlive bool
	// HTTP2 forces HTTP/2: h2 over TLS, and h2c with prior knowledge over
	// cleartext. Otherwise requests use HTTP/1.1.
	HTTP2 bool
	// Window is the width of a measurement window; zero means DefaultWindow.
	Window time.Duration
}

// withDefaults returns p with its zero optional fields set to the defaults.
func (p Plan) withDefaults() Plan {
	if p.Timeout == 0 {
		p.Timeout = DefaultTimeout
	}
	if p.Workers == 0 {
		p.Workers = DefaultWorkers
	}
	if p.MaxWorkers != 0 && p.Workers > p.MaxWorkers {
		p.Workers = p.MaxWorkers
	}
	if p.Window == 0 {
		p.Window = DefaultWindow
	}
	return p
}
