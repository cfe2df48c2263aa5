package attack

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"

	"github.com/golive/resilience/loadgen"
)

// TestInCluster: a plan's URLs, aimed at the NodePort kind maps to
// 127.0.0.1, are rewritten to the target Service's in-cluster name and
// port; a URL on another port, or a plan that names two targets, is
// refused.
func TestInCluster(t *testing.T) {
	t.Parallel()
	svc := func(ns, name, ip string, ports ...corev1.ServicePort) *corev1.Service {
		return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: corev1.ServiceSpec{ClusterIP: ip, Ports: ports}}
	}
	cs := fake.NewClientset(
		svc("shop", "web", "10.96.12.7", corev1.ServicePort{Name: "metrics", Port: 9090}, corev1.ServicePort{Name: "http", Port: 80, NodePort: 30080}),
		svc("cart", "api", "10.96.3.3", corev1.ServicePort{Port: 8080, NodePort: 30081}),
		svc("shop", "headless", corev1.ClusterIPNone, corev1.ServicePort{Port: 8080}))
	l := &Loader{Client: cs, Config: &rest.Config{Host: "https://127.0.0.1:6443/"},
		Services: map[int]Service{30080: {"shop", "web"}, 30081: {"cart", "api"}}}
	plan := loadgen.Plan{Targets: []loadgen.Target{{URL: "http://127.0.0.1:30080/", Weight: 7}, {URL: "http://127.0.0.1:30080/delay?ms=500", Weight: 3}}}
	got, s, host, err := l.inCluster(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	if s != (Service{"shop", "web"}) || host != "10.96.12.7" || got.Targets[0].URL != "http://10.96.12.7:80/" ||
		got.Targets[1].URL != "http://10.96.12.7:80/delay?ms=500" || got.Targets[1].Weight != 3 {
		t.Errorf("rewritten to %+v for %+v at %s", got.Targets, s, host)
	}
	if h, port, err := (Service{"shop", "headless"}).Address(context.Background(), cs, 30080, 0); h != "headless.shop.svc.cluster.local" || port != 8080 || err != nil {
		t.Errorf("headless: %s:%d, %v", h, port, err)
	}
	if plan.Targets[0].URL != "http://127.0.0.1:30080/" {
		t.Errorf("the caller's plan changed: %+v", plan.Targets)
	}
	// A target without a NodePort is named by its Service and port: the
	// attackers aim at the ClusterIP and that port, not at a name the
	// cluster's DNS resolves.
	named := loadgen.Plan{Targets: []loadgen.Target{{URL: "http://web.shop.svc.cluster.local:9090/metrics"}}}
	if got, s, host, err := l.inCluster(context.Background(), named); err != nil || s != (Service{"shop", "web"}) || host != "10.96.12.7" ||
		got.Targets[0].URL != "http://10.96.12.7:9090/metrics" {
		t.Errorf("by name: %+v for %+v at %s, %v", got.Targets, s, host, err)
	}
	if p := proxyURL(l.Config, "shop", "golive-attackers-x1"); p != "https://127.0.0.1:6443/api/v1/namespaces/shop/pods/golive-attackers-x1:8080/proxy" {
		t.Errorf("proxy URL %s", p)
	}
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"http://127.0.0.1:30099/"}, "names no target's NodePort or Service"},
		{[]string{"http://web.shop.svc.cluster.local:8443/"}, "Service shop/web has no port 8443"},
		{[]string{"http://web.shop.svc.cluster.local:80/", "http://127.0.0.1:30081/"}, "one plan aims at two targets"},
		{[]string{"http://127.0.0.1:30080/", "http://127.0.0.1:30081/"}, "one plan aims at two targets"},
	} {
		var p loadgen.Plan
		for _, u := range tc.urls {
			p.Targets = append(p.Targets, loadgen.Target{URL: u})
		}
		if _, _, _, err := l.inCluster(context.Background(), p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.urls, err, tc.want)
		}
	}
}

func TestServiceOf(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]Service{
		"web.shop.svc.cluster.local": {"shop", "web"}, "web.shop.svc.cluster.local.": {},
		"web.svc.cluster.local": {}, "a.b.c.svc.cluster.local": {}, "127.0.0.1": {}, ".shop.svc.cluster.local": {},
	} {
		if got, ok := ServiceOf(host); got != want || ok != (want != Service{}) {
			t.Errorf("ServiceOf(%q) = %+v, %v; want %+v", host, got, ok, want)
		}
	}
}
