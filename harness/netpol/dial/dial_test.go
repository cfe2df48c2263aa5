package dial

import (
	"context"
	"net"
	"testing"
	"time"
)

func TestTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	open := ln.Addr().String()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := closed.Addr().String()
	closed.Close()
	defer ln.Close()

	for _, tc := range []struct {
		addr string
		want string
	}{
		{open, Connected},
		{refused, Refused},
	} {
		r := TCP(context.Background(), tc.addr, time.Second)
		if r.Outcome != tc.want {
			t.Errorf("dial %s: %s (%s), want %s", tc.addr, r.Outcome, r.Error, tc.want)
		}
		if r.Open() != (tc.want == Connected) {
			t.Errorf("dial %s: Open() = %v", tc.addr, r.Open())
		}
	}
}

func TestTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
	// A cancelled dial is classed as timed out, as a dropped SYN is.
	if got := Classify(ctx.Err()); got != TimedOut {
		t.Errorf("Classify(deadline) = %s, want %s", got, TimedOut)
	}
}
