package node

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/golive/resilience/kind"
)

// TestSweepVanishedNodeContainer checks that a node container removed
// after the nodes were listed is clean, while any other failure to inspect
// one still is an error naming it.
func TestSweepVanishedNodeContainer(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	// w9 was listed but docker no longer knows its container.
	c.env.Nodes = append(c.env.Nodes, kind.Node{Name: "w9", Role: kind.Worker, IP: "172.18.0.9"})
	if got, err := Sweep(context.Background(), c.env, false); err != nil || len(got) != 0 {
		t.Fatalf("Sweep = %v, %v; want nothing and no error", got, err)
	}
	c.eng.Handler = func(line string) ([]byte, error) {
		if strings.HasSuffix(line, " w9") {
			return nil, errors.New("permission denied while trying to connect to the Docker daemon socket")
		}
		return c.docker.Handle(line)
	}
	if _, err := Sweep(context.Background(), c.env, false); err == nil || !strings.Contains(err.Error(), `"w9"`) {
		t.Fatalf("Sweep error = %v, want one naming w9", err)
	}
}
