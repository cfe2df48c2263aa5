// Package dial opens one TCP connection and classifies the outcome; the
// network probe runs it inside the cluster and the network-policy check
// reads its results.
package dial

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
	"time"
)

// Outcome classes.
const (
	Connected = "connected"
	Refused   = "refused"
	TimedOut  = "timeout"
	Other     = "other"
)

// Result is what one dial did.
type Result struct {
	Addr    string  `json:"addr"`
	Outcome string  `json:"outcome"`
	Error   string  `json:"error,omitempty"`
	Millis  float64 `json:"ms"`
}

// Open reports whether the connection was made.
func (r Result) Open() bool { return r.Outcome == Connected }

// TCP connects to addr within timeout and closes the connection at once.
func TCP(ctx context.Context, addr string, timeout time.Duration) Result {
	start := time.Now()
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", addr)
	r := Result{Addr: addr, Millis: float64(time.Since(start).Microseconds()) / 1000}
	if err == nil {
		c.Close()
		r.Outcome = Connected
		return r
	}
	r.Error, r.Outcome = err.Error(), Classify(err)
	return r
}

// Classify names the class of a dial error.
func Classify(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return TimedOut
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		// An ICMP reject from a policy arrives as unreachable.
		return Refused
	}
	return Other
}
