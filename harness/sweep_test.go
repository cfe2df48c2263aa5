package harness

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// crashedCluster is what a run killed with SIGKILL leaves: a paused
// worker, a chain of ours in the other worker and a stress pod.
func crashedCluster(t *testing.T) *fault.Env {
	t.Helper()
	env := fakeEnv(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "golive-stress-1", Namespace: "shop",
		Labels: map[string]string{fault.LabelFault: "stress-cpu", fault.LabelRun: "crashed"}}})
	docker := fakeengine.NewNodes("kind", map[string]string{"golive-control-plane": "172.18.0.2", "golive-worker": "172.18.0.3", "golive-worker2": "172.18.0.4"})
	docker.Set("golive-worker", fakeengine.Node{State: "paused", IP: "172.18.0.3"})
	var mu sync.Mutex
	chain := true
	docker.Exec = func(line string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case strings.HasPrefix(line, "exec golive-worker2 iptables -w 5 -S") && chain:
			return []byte("-P INPUT ACCEPT\n-N GOLIVE-LOSS-1\n-A INPUT -j GOLIVE-LOSS-1\n"), nil
		case strings.HasPrefix(line, "exec golive-worker2 iptables -w 5 -X GOLIVE-LOSS-1"):
			chain = false
		case strings.Contains(line, " ls -1 /var/run/netns"):
			return nil, errors.New("no such directory")
		}
		return nil, nil
	}
	cs := env.Client.(*fake.Clientset)
	docker.Changed = func(name string, healthy bool) {
		n, _ := cs.CoreV1().Nodes().Get(context.Background(), name, metav1.GetOptions{})
		st := corev1.ConditionFalse
		if healthy {
			st = corev1.ConditionTrue
		}
		n.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: st}}
		_, _ = cs.CoreV1().Nodes().UpdateStatus(context.Background(), n, metav1.UpdateOptions{})
	}
	env.Engine = &fakeengine.Engine{Handler: docker.Handle}
	return env
}

func TestSweepEnv(t *testing.T) {
	t.Parallel()
	env := crashedCluster(t)
	ctx := context.Background()
	want := []string{
		"node node/golive-worker container paused: unpause",
		"network node/golive-worker2 iptables chain GOLIVE-LOSS-1: delete",
		"stress pod/shop/golive-stress-1 stress pod of run crashed: delete",
	}
	render := func(ls []fault.Leftover) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Family+" "+l.Object.String()+" "+l.What)
		}
		return out
	}
	found, err := SweepEnv(ctx, env, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, render(found)); diff != "" {
		t.Errorf("leftovers (-want +got):\n%s", diff)
	}
	if _, err := SweepEnv(ctx, env, false); err != nil {
		t.Fatal(err)
	}
	if again, err := SweepEnv(ctx, env, true); err != nil || len(again) != 0 {
		t.Errorf("after sweep: %v, %v; want no leftovers", render(again), err)
	}
}

func TestNodeContainers(t *testing.T) {
	t.Parallel()
	eng := &fakeengine.Engine{Handler: func(line string) ([]byte, error) {
		switch {
		case strings.HasPrefix(line, "ps -a"):
			return []byte("golive-worker2\tworker\ngolive-control-plane\tcontrol-plane\ngolive-worker\tworker\n"), nil
		case strings.HasSuffix(line, "golive-worker2"):
			return []byte("\n"), nil // stopped: no address
		case strings.HasSuffix(line, "golive-worker"):
			return []byte("172.18.0.4, \n"), nil // a network without IPv6
		default:
			return []byte("172.18.0.3,fc00:f853:ccd:e793::3 \n"), nil
		}
	}}
	nodes, err := nodeContainers(context.Background(), eng, "golive")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range nodes {
		got = append(got, n.Name+" "+string(n.Role)+" "+n.IP+" "+n.IPv6)
	}
	want := []string{"golive-control-plane control-plane 172.18.0.3 fc00:f853:ccd:e793::3", "golive-worker worker 172.18.0.4 ", "golive-worker2 worker  "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
