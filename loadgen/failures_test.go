package loadgen

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFailureClasses drives real failure modes through real connections and
// checks that each lands in its class, exactly as often as the server
// produced it.
func TestFailureClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// handler serves one request, calling fail first if it fails it.
		handler func(t *testing.T, w http.ResponseWriter, r *http.Request, fail func())
		class   Class
		code    uint16 // status code of the failed requests
		plan    func(p *Plan)
	}{{
		name: "5xx",
		handler: func(_ *testing.T, w http.ResponseWriter, _ *http.Request, fail func()) {
			fail()
			w.WriteHeader(http.StatusServiceUnavailable)
		},
		class: ClassHTTP5xx, code: 503,
	}, {
		name: "4xx",
		handler: func(_ *testing.T, w http.ResponseWriter, _ *http.Request, fail func()) {
			fail()
			w.WriteHeader(http.StatusNotFound)
		},
		class: ClassHTTP4xx, code: 404,
	}, {
		name: "reset: SO_LINGER 0 then close",
		handler: func(t *testing.T, w http.ResponseWriter, _ *http.Request, fail func()) {
			fail()
			conn := hijack(t, w)
			if err := conn.(*net.TCPConn).SetLinger(0); err != nil {
				t.Errorf("SetLinger(0): %v", err)
			}
			_ = conn.Close()
		},
		class: ClassReset,
	}, {
		name: "eof: closed before the response",
		handler: func(t *testing.T, w http.ResponseWriter, _ *http.Request, fail func()) {
			fail()
			_ = hijack(t, w).Close()
		},
		class: ClassEOF,
	}, {
		name: "eof: closed within the headers",
		handler: func(t *testing.T, w http.ResponseWriter, _ *http.Request, fail func()) {
			fail()
			conn := hijack(t, w)
			_, _ = conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/pl"))
			_ = conn.Close()
		},
		class: ClassEOF,
	}, {
		name: "eof: keep-alive connection closed mid-body on its 3rd request",
		handler: func(t *testing.T, w http.ResponseWriter, r *http.Request, fail func()) {
			if nthOnConn(r)%3 != 0 {
				_, _ = w.Write([]byte("ok"))
				return
			}
			fail()
			conn := hijack(t, w)
			_, _ = conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"))
			_ = conn.Close()
		},
		class: ClassEOF,
	}, {
		name: "timeout",
		handler: func(_ *testing.T, _ http.ResponseWriter, r *http.Request, fail func()) {
			fail()
			<-r.Context().Done() // hang until the client gives up
		},
		class: ClassTimeout,
		plan:  func(p *Plan) { p.Timeout = 100 * time.Millisecond },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var served, failed atomic.Uint64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served.Add(1)
				tt.handler(t, w, r, func() { failed.Add(1) })
			}))
			perConn(srv)
			srv.Start()
			t.Cleanup(srv.Close)
			p := plan(srv.URL, 50, 600*time.Millisecond)
			if tt.plan != nil {
				tt.plan(&p)
			}

			s, _ := run(t, p)

			if s.Requests == 0 || failed.Load() == 0 {
				t.Fatalf("sent %d requests, server failed %d: nothing to classify", s.Requests, failed.Load())
			}
			if s.Requests != served.Load() {
				t.Errorf("Requests = %d, server saw %d", s.Requests, served.Load())
			}
			ok := served.Load() - failed.Load()
			wantErrors := map[Class]uint64{tt.class: failed.Load()}
			if diff := cmp.Diff(wantErrors, s.Errors); diff != "" {
				t.Errorf("Errors mismatch (-want +got):\n%s", diff)
			}
			wantCodes := map[uint16]uint64{tt.code: failed.Load()}
			if ok > 0 {
				wantCodes[200] = ok
			}
			if diff := cmp.Diff(wantCodes, s.Codes); diff != "" {
				t.Errorf("Codes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConnectionRefused targets a port on which nothing listens.
func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	s, _ := run(t, plan("http://"+closedPort(t)+"/", 50, 300*time.Millisecond))
	if s.Requests == 0 {
		t.Fatal("no requests sent")
	}
	if diff := cmp.Diff(map[Class]uint64{ClassRefused: s.Requests}, s.Errors); diff != "" {
		t.Errorf("Errors mismatch (-want +got):\n%s", diff)
	}
}
