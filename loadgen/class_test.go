package loadgen

import (
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestClassify covers the messages Go's HTTP client produced for the failure
// modes of TestFailureClasses, for results read back from spill files.
func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code uint16
		err  string
		want Class
	}{
		{200, "", ClassNone},
		{302, "", ClassNone},
		{503, "503 Service Unavailable", ClassHTTP5xx},
		{404, "404 Not Found", ClassHTTP4xx},
		{101, "101 Switching Protocols", ClassHTTP4xx},
		{0, `Get "http://127.0.0.1:1": dial tcp 127.0.0.1:1: connect: connection refused`, ClassRefused},
		{0, `Get "http://127.0.0.1:42081": read tcp 127.0.0.1:47528->127.0.0.1:42081: read: connection reset by peer`, ClassReset},
		{0, `Post "http://127.0.0.1:9/": write tcp 127.0.0.1:5->127.0.0.1:9: write: broken pipe`, ClassReset},
		{0, `Get "http://127.0.0.1:45695": EOF`, ClassEOF},
		{0, "unexpected EOF", ClassEOF},
		{0, `Get "http://127.0.0.1:4": net/http: HTTP/1.x transport connection broken: malformed MIME header: missing colon: "Content-Le"`, ClassEOF},
		{0, `Get "http://127.0.0.1:40783": context deadline exceeded`, ClassTimeout},
		{0, `Get "http://127.0.0.1:4": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, ClassTimeout},
		{0, `Get "http://127.0.0.1:4": dial tcp 127.0.0.1:4: i/o timeout`, ClassTimeout},
		{0, `Get "http://127.0.0.1:4": context canceled`, ClassCanceled},
		{0, `Get "http://10.0.0.1:80": dial tcp 10.0.0.1:80: dialing "10.0.0.1:80": target host is not a loopback address`, ClassOther},
		{0, "tls: failed to verify certificate", ClassOther},
	}
	for _, tt := range tests {
		if got := Classify(&vegeta.Result{Code: tt.code, Error: tt.err}); got != tt.want {
			t.Errorf("Classify(%d, %q) = %s, want %s", tt.code, tt.err, got, tt.want)
		}
	}
}

func TestClassText(t *testing.T) {
	t.Parallel()
	for _, c := range append([]Class{ClassNone}, Classes...) {
		b, err := c.MarshalText()
		if err != nil {
			t.Fatalf("%d.MarshalText() error = %v", c, err)
		}
		var back Class
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("UnmarshalText(%q) = %s, %v; want %s", b, back, err, c)
		}
	}
	if _, err := numClasses.MarshalText(); err == nil {
		t.Errorf("MarshalText of an unknown class succeeded")
	}
}
