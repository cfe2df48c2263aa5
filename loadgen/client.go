package loadgen

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// newClient returns the HTTP client of one Run. Every request runs under a
// context derived from ctx with the plan's timeout, so that cancelling the run
// aborts the requests in flight; every dial is refused unless it goes to a
// loopback address or names an allowed host.
func newClient(ctx context.Context, p Plan, allowed hostSet) (*http.Client, *http.Transport) {
	dialer := guardedDialer{
		loopback: &net.Dialer{KeepAlive: 30 * time.Second, Control: loopbackOnly},
		any:      &net.Dialer{KeepAlive: 30 * time.Second},
		allowed:  allowed,
	}
	protocols := new(http.Protocols)
	if p.HTTP2 {
		protocols.SetHTTP2(true)
		protocols.SetUnencryptedHTTP2(true)
	} else {
		protocols.SetHTTP1(true)
	}
	tr := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: DefaultIdleConns,
		DisableKeepAlives:   p.DisableKeepAlive,
		ForceAttemptHTTP2:   p.HTTP2,
		Protocols:           protocols,
	}
	return &http.Client{Transport: boundTransport{ctx: ctx, timeout: p.Timeout, base: tr}}, tr
}

// boundTransport sends every request under ctx and timeout. The timeout
// covers the request from dial to the body's Close, like http.Client.Timeout,
// whose context it cannot share: vegeta builds requests without one.
type boundTransport struct {
	ctx     context.Context
	timeout time.Duration
	base    http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t boundTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(t.ctx, t.timeout)
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases a request's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close implements io.Closer.
func (b cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// guardedDialer dials allowed hosts wherever they resolve, and every other
// address on loopback only. The transport has no proxy, so the address it
// dials is the request URL's own host.
type guardedDialer struct {
	loopback, any *net.Dialer
	allowed       hostSet
}

// DialContext has the signature of http.Transport.DialContext.
func (d guardedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if host, _, err := net.SplitHostPort(address); err == nil && d.allowed.has(host) {
		return d.any.DialContext(ctx, network, address)
	}
	return d.loopback.DialContext(ctx, network, address)
}

// loopbackOnly is a net.Dialer Control that refuses non-loopback addresses,
// whatever a host name resolved to.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dialing %q: %w", address, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("dialing %q: %w", address, ErrNotLoopback)
	}
	return nil
}
