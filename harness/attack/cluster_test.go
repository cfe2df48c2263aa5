package attack

import (
	"context"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/golive/resilience/harness/internal/clustertest"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/loadgen"
)

// TestClusterAttackers sends 30 requests/s from two attacker pods at a
// target's ClusterIP Service: the merged windows must hold the whole rate,
// every request answered; then one attacker's pod is deleted mid-run and
// the loader must report it lost with half the rate while the other's
// windows go on.
func TestClusterAttackers(t *testing.T) {
	c, env, _ := clustertest.Env(t)
	ns := clustertest.Namespace(t, env)
	clustertest.Deploy(t, env, ns, clustertest.Image(t, env), 2, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ref := "golive.local/attacker:clustertest"
	if err := kind.ImageFromPackage(ctx, ref, Package); err != nil {
		t.Fatal(err)
	}
	if err := c.LoadImages(ctx, ref); err != nil {
		t.Fatal(err)
	}
	svc := Service{Namespace: ns, Name: "target"}
	host, _, err := svc.Address(ctx, env.Client, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	names, err := Deploy(ctx, env.Client, Config{Namespace: ns, Count: 2, Image: ref, PullPolicy: corev1.PullNever, Hosts: []string{host}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Delete(context.Background(), env.Client, ns) })

	var mu sync.Mutex
	var lost []string
	var shares []float64
	l := &Loader{Client: env.Client, Config: c.RESTConfig(), Services: map[int]Service{1: svc}, Count: 2,
		Lost: func(_, name string, share float64, _ error) {
			mu.Lock()
			lost, shares = append(lost, name), append(shares, share)
			mu.Unlock()
		}}
	plan := loadgen.Plan{Targets: []loadgen.Target{{URL: "http://127.0.0.1:1/"}}, Pacing: loadgen.Constant{Rate: loadgen.PerSecond(30)},
		Timeout: 5 * time.Second, DisableKeepAlive: true}
	var windows []loadgen.Window
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	killed := false
	err = l.Run(lctx, plan, func(w loadgen.Window) {
		windows = append(windows, w)
		switch {
		case len(windows) == 6 && !killed:
			killed = true
			go func() {
				if err := env.Client.CoreV1().Pods(ns).Delete(ctx, names[1], metav1.DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
					t.Errorf("deleting attacker %s: %v", names[1], err)
				}
			}()
		case len(windows) >= 30:
			stop()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range windows[:5] {
		t.Logf("window %d: %d requests, %d failed, p99 %s", i, w.Requests, w.Failures(), w.Latency.Quantile(0.99))
		if w.Requests < 27 || w.Requests > 33 || w.Failures() > 0 {
			t.Errorf("window %d: %d requests, %d failed; want 30 of 30", i, w.Requests, w.Failures())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lost) != 1 || lost[0] != names[1] || shares[0] != 0.5 {
		t.Errorf("lost %v with shares %v, want %s with 0.5", lost, shares, names[1])
	}
	if last := windows[len(windows)-2]; last.Requests < 12 || last.Requests > 18 {
		t.Errorf("after the loss a window held %d requests, want the other attacker's 15", last.Requests)
	}
}
