// Package nettest holds the network helpers of loadgen's tests.
package nettest

import (
	"net"
	"testing"
)

// NonLoopbackIPv4 returns an IPv4 address of this machine that is not
// loopback — one a test server can listen on and a dial to which the
// network rule refuses — or skips t.
func NonLoopbackIPv4(t testing.TB) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("listing addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address to listen on")
	return ""
}
