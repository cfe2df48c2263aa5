package attack

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/loadgen/remote"
)

// Service is a target's Service, as its load reaches it from inside.
type Service struct{ Namespace, Name string }

// Host is the Service's in-cluster DNS name.
func (s Service) Host() string { return s.Name + "." + s.Namespace + ".svc.cluster.local" }

// ServiceOf returns the Service an in-cluster name
// (<name>.<namespace>.svc.cluster.local) names, or false.
func ServiceOf(host string) (Service, bool) {
	rest, ok := strings.CutSuffix(host, ".svc.cluster.local")
	name, ns, two := strings.Cut(rest, ".")
	if !ok || !two || name == "" || ns == "" || strings.Contains(ns, ".") {
		return Service{}, false
	}
	return Service{Namespace: ns, Name: name}, true
}

// Address is the host the attackers aim at, and the Service's port behind
// nodePort — or, when nodePort is 0, the Service's port port — (its only
// port when none matches). The host is the Service's ClusterIP: load that
// resolved the Service's name would fail with the cluster's DNS, and a DNS
// outage would then measure the attackers instead of the target. A
// headless Service is reached by name.
func (s Service) Address(ctx context.Context, cs kubernetes.Interface, nodePort, port int32) (string, int32, error) {
	got, err := cs.CoreV1().Services(s.Namespace).Get(ctx, s.Name, metav1.GetOptions{})
	if err != nil {
		return "", 0, fmt.Errorf("in-cluster load: Service %s/%s: %w", s.Namespace, s.Name, err)
	}
	host := got.Spec.ClusterIP
	if host == "" || host == corev1.ClusterIPNone {
		host = s.Host()
	}
	for _, p := range got.Spec.Ports {
		if nodePort != 0 && p.NodePort == nodePort || nodePort == 0 && p.Port == port {
			return host, p.Port, nil
		}
	}
	if len(got.Spec.Ports) == 1 {
		return host, got.Spec.Ports[0].Port, nil
	}
	if nodePort == 0 {
		return "", 0, fmt.Errorf("in-cluster load: Service %s/%s has no port %d", s.Namespace, s.Name, port)
	}
	return "", 0, fmt.Errorf("in-cluster load: Service %s/%s has no port for NodePort %d", s.Namespace, s.Name, nodePort)
}

// Loader sends plans from the attackers in the namespace of the target
// each plan names.
type Loader struct {
	Client kubernetes.Interface
	Config *rest.Config
	// Services maps the NodePort a plan's URLs name (kind maps it to
	// 127.0.0.1) to the target's Service.
	Services map[int]Service
	// Count is how many attackers each target has (DefaultCount when zero).
	Count int
	// Lost is told of an attacker lost mid-run and the share of the rate
	// it took with it, besides the event in the scenario's timeline.
	Lost func(ns, name string, share float64, err error)
}

// Func is the Loader as the harness runs load.
func (l *Loader) Func() harness.LoadFunc { return l.Run }

// Run rewrites the plan to the target's Service and sends it from the
// target's attackers, emitting their merged windows.
func (l *Loader) Run(ctx context.Context, plan loadgen.Plan, emit func(loadgen.Window)) error {
	plan, svc, host, err := l.inCluster(ctx, plan)
	if err != nil {
		return err
	}
	names, err := Ready(ctx, l.Client, svc.Namespace, max(l.Count, 1), 0)
	if err != nil {
		return err
	}
	hc, err := rest.HTTPClientFor(l.Config)
	if err != nil {
		return fmt.Errorf("attackers in %s: a client for the API server's proxy: %w", svc.Namespace, err)
	}
	f := &remote.Fleet{Hosts: []string{host}, Poll: 500 * time.Millisecond, Lost: 10 * time.Second,
		OnLost: func(name string, share float64, err error) {
			harness.Record(ctx, timeline.Event{Kind: timeline.KindNote, Source: "load",
				Objects: []timeline.Ref{{Kind: "Pod", Namespace: svc.Namespace, Name: name}},
				Message: fmt.Sprintf("attacker lost: %.0f%% of the rate is no longer sent or counted (%v)", 100*share, err),
				Attrs:   map[string]string{"share": fmt.Sprintf("%.3f", share)}})
			if l.Lost != nil {
				l.Lost(svc.Namespace, name, share, err)
			}
		}}
	for _, n := range names {
		f.Attackers = append(f.Attackers, remote.Attacker{Name: n, Client: remote.NewClient(proxyURL(l.Config, svc.Namespace, n), hc)})
	}
	return f.Run(ctx, plan, emit)
}

// proxyURL is the base URL of an attacker's orders through the API
// server's pod proxy.
func proxyURL(rc *rest.Config, ns, pod string) string {
	return fmt.Sprintf("%s/api/v1/namespaces/%s/pods/%s:%d/proxy", strings.TrimSuffix(rc.Host, "/"), ns, pod, Port)
}

// inCluster rewrites every URL of the plan from 127.0.0.1:<NodePort>, or
// from the Service's in-cluster name (a target without a NodePort), to the
// Service's address and port; all must name one target. It returns the
// host the attackers aim at.
func (l *Loader) inCluster(ctx context.Context, plan loadgen.Plan) (loadgen.Plan, Service, string, error) {
	var svc Service
	var host string
	targets := make([]loadgen.Target, len(plan.Targets))
	for i, t := range plan.Targets {
		u, err := url.Parse(t.URL)
		if err != nil {
			return plan, svc, "", fmt.Errorf("in-cluster load: %w", err)
		}
		port, err := strconv.Atoi(u.Port())
		nodePort, servicePort := port, 0
		s, ok := l.Services[port]
		if byName, named := ServiceOf(u.Hostname()); named {
			s, ok, nodePort, servicePort = byName, true, 0, port
		}
		if err != nil || !ok {
			return plan, svc, "", fmt.Errorf("in-cluster load: %s names no target's NodePort or Service", t.URL)
		}
		if svc != (Service{}) && s != svc {
			return plan, svc, "", fmt.Errorf("in-cluster load: one plan aims at two targets (%s/%s and %s/%s)", svc.Namespace, svc.Name, s.Namespace, s.Name)
		}
		svc = s
		h, in, err := s.Address(ctx, l.Client, int32(nodePort), int32(servicePort))
		if err != nil {
			return plan, svc, "", err
		}
		host = h
		u.Host = net.JoinHostPort(h, strconv.Itoa(int(in)))
		t.URL = u.String()
		targets[i] = t
	}
	plan.Targets = targets
	return plan, svc, host, nil
}
