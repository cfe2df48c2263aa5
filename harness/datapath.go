package harness

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/golive/resilience/kind"
)

// The data-path probe: before the baseline, the target's NodePort must
// answer on every node of the cluster (its address on the kind network),
// not only through the one node 127.0.0.1 is mapped to. A node whose
// kube-proxy or CNI does not route the Service would take its share of a
// real load balancer's traffic and fail it.
const (
	dataPathTries   = 3
	dataPathTimeout = 2 * time.Second
)

var dataPathClient = &http.Client{Timeout: dataPathTimeout,
	Transport: &http.Transport{DisableKeepAlives: true}}

// dataPath returns why the target's NodePort does not answer on some
// node, or "" when it answers on all (any HTTP status is an answer: the
// path is routed). A target without a port, or nodes without addresses
// (unit tests' fake cluster), are not probed.
func dataPath(ctx context.Context, nodes []kind.Node, t Target) string {
	if t.Port == 0 || t.URL != "" {
		return ""
	}
	path := t.Path
	if path == "" {
		path = "/"
	}
	for _, n := range nodes {
		if n.IP == "" {
			continue
		}
		u := "http://" + net.JoinHostPort(n.IP, strconv.Itoa(t.Port)) + path
		var err error
		for try := range dataPathTries {
			if err = answer(ctx, u); err == nil {
				break
			}
			if try < dataPathTries-1 {
				select {
				case <-ctx.Done():
					return ""
				case <-time.After(time.Second):
				}
			}
		}
		if err != nil {
			return fmt.Sprintf("not healthy before the fault: NodePort %d does not answer on node %s (%s) after %d tries: %v",
				t.Port, n.Name, n.IP, dataPathTries, err)
		}
	}
	return ""
}

func answer(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := dataPathClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
