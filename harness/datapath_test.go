package harness

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/golive/resilience/kind"
)

func TestDataPath(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	defer srv.Close()
	_, p, _ := net.SplitHostPort(srv.Listener.Addr().String())
	port, _ := strconv.Atoi(p)
	// A port nothing listens on: a node that does not route the NodePort.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, q, _ := net.SplitHostPort(l.Addr().String())
	closed, _ := strconv.Atoi(q)
	l.Close()
	nodes := []kind.Node{{Name: "cp", IP: "127.0.0.1"}, {Name: "fake"}} // no IP: not probed
	ctx := context.Background()
	// Any HTTP answer, even a 503, means the path is routed.
	if why := dataPath(ctx, nodes, Target{Port: port}); why != "" {
		t.Errorf("answering port: %q", why)
	}
	why := dataPath(ctx, nodes, Target{Port: closed, Path: "/healthz"})
	if !strings.Contains(why, "not healthy before the fault: NodePort") || !strings.Contains(why, "node cp (127.0.0.1)") {
		t.Errorf("closed port: %q", why)
	}
	if why := dataPath(ctx, nodes, Target{URL: "http://127.0.0.1:1/"}); why != "" {
		t.Errorf("a target by URL is not probed: %q", why)
	}
}
