package netpol

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Source is the event source of the self-test and the probe; the
// network-policy check reads events from it.
const Source = "network-policy"

// Probe roles (the "probe" attribute of its events).
const (
	RoleUnlisted     = "unlisted"      // a pod the policies do not admit, dialing the target
	RoleAdmitted     = "admitted"      // a pod labelled as the policies admit, dialing the target
	RoleEgressDenied = "egress-denied" // a pod wearing the target's labels, dialing a pod it may not reach
	RoleEgressDNS    = "egress-dns"    // the same pod, dialing cluster DNS its egress rules allow
)

// Attributes of the probe's events.
const (
	AttrEnforced  = "enforced"
	AttrRole      = "probe"
	AttrAttempts  = "attempts"
	AttrConnected = "connected"
	AttrBlocked   = "blocked"
	AttrErrors    = "errors"
	AttrPolicies  = "policies"
	AttrFirstOpen = "firstOpen"
)

// DefaultAdmitted is the label the demo target's policy admits clients by.
var DefaultAdmitted = map[string]string{"golive.io/client": "allowed"}

// Probe is the network-policy proof as a step of a run's schedule: it runs
// the enforcement self-test, starts the probe clients in the target's
// namespace, dials the target's pods from each for a few rounds and records
// what got through. Its revert deletes the probe pods. Without enforcement
// it records a skip and returns fault.ErrUnsupported.
type Probe struct {
	// Image is the probe image on every node (DefaultImage).
	Image string
	// Admitted are the labels of a client the target's policies admit
	// (DefaultAdmitted).
	Admitted map[string]string
	// Rounds of dials from each client (4), a second apart.
	Rounds int
	// Settle bounds the wait for the enforcer to take in new probe pods
	// (15 s).
	Settle time.Duration
}

var _ fault.Fault = Probe{}

// Name is "network-policy-probe".
func (Probe) Name() string { return "network-policy-probe" }

// Inject runs the self-test and the probes.
func (p Probe) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if p.Image == "" {
		p.Image = DefaultImage
	}
	if p.Admitted == nil {
		p.Admitted = DefaultAdmitted
	}
	if p.Rounds <= 0 {
		p.Rounds = 4
	}
	enf, err := selfTestOnce(ctx, env.Client, SelfTestOptions{Image: p.Image, RunID: env.RunID})
	if err != nil {
		return err
	}
	if !enf.Enforced {
		env.Emit(timeline.Event{Kind: timeline.KindSkip, Source: Source, Attrs: map[string]string{AttrEnforced: "false"},
			Message: "cluster does not enforce NetworkPolicy: " + enf.Reason})
		return fmt.Errorf("%w: cluster does not enforce NetworkPolicy: %s", fault.ErrUnsupported, enf.Reason)
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: Source, Attrs: map[string]string{AttrEnforced: "true"},
		Message: fmt.Sprintf("NetworkPolicy enforced: a default-deny blocked a probe pod after %s (dials: %s), lifting it reopened the path after %s",
			enf.BlockedAfter.Round(100*time.Millisecond), strings.Join(enf.Blocked, ", "), enf.ReopenedAfter.Round(100*time.Millisecond))})

	ns := env.Namespace
	targets, podLabels, err := targetPods(ctx, env)
	if err != nil {
		return err
	}
	ingress, egress, err := selecting(ctx, env, podLabels)
	if err != nil {
		return err
	}
	if err := undo.Push("delete network probe pods in "+ns, func(ctx context.Context) error {
		zero := int64(0)
		return env.Client.CoreV1().Pods(ns).DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: &zero},
			metav1.ListOptions{LabelSelector: LabelProbe})
	}); err != nil {
		return err
	}
	suffix := shortID(env.RunID)
	unlisted := probePod(ns, "netprobe-unlisted-"+suffix, p.Image, "", map[string]string{LabelProbe: RoleUnlisted}, true)
	admitted := probePod(ns, "netprobe-admitted-"+suffix, p.Image, "", withProbe(p.Admitted, RoleAdmitted), true)
	pods := []*corev1.Pod{unlisted, admitted}
	var egressPod *corev1.Pod
	if len(egress) > 0 {
		l := maps.Clone(podLabels)
		delete(l, "pod-template-hash")
		egressPod = probePod(ns, "netprobe-egress-"+suffix, p.Image, "", withProbe(l, "egress"), false)
		pods = append(pods, egressPod)
	}
	var names []string
	for _, pod := range pods {
		if _, err := env.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating probe pod %s/%s: %w", ns, pod.Name, err)
		}
		names = append(names, pod.Name)
	}
	running, err := waitRunning(ctx, env.Client, ns, names...)
	if err != nil {
		return err
	}
	plan := []route{
		{role: RoleUnlisted, from: running[unlisted.Name], to: targets},
		{role: RoleAdmitted, from: running[admitted.Name], to: targets},
	}
	if egressPod != nil {
		dns, err := dnsAddr(ctx, env)
		if err != nil {
			return err
		}
		plan = append(plan,
			route{role: RoleEgressDenied, from: running[egressPod.Name], to: []string{hostPort(running[admitted.Name].Status.PodIP, probePort)}},
			route{role: RoleEgressDNS, from: running[egressPod.Name], to: []string{dns}})
	}
	p.settle(ctx, env, plan)
	tallies := run(ctx, env, plan, p.Rounds)
	for i, r := range plan {
		t := tallies[i]
		pols := ingress
		if r.role == RoleEgressDenied || r.role == RoleEgressDNS {
			pols = egress
		}
		env.Emit(t.event(r, pols))
	}
	return ctx.Err()
}

// settle waits (at most Settle, 15 s) for the enforcer to take in the new
// probe pods: until the admitted client has connected once to every target
// pod (each node's enforcer learns of it on its own) and the egress probe
// has been held back once. A policy that never admits or never holds back
// shows in the rounds that follow.
func (p Probe) settle(ctx context.Context, env *fault.Env, plan []route) {
	within := p.Settle
	if within <= 0 {
		within = 15 * time.Second
	}
	start := time.Now()
	for _, r := range plan {
		var want bool
		switch r.role {
		case RoleAdmitted:
			want = true
		case RoleEgressDenied:
			want = false
		default:
			continue
		}
		pending := map[string]bool{}
		for _, a := range r.to {
			pending[a] = true
		}
		ok := until(ctx, within-time.Since(start), func(ctx context.Context) (bool, error) {
			for a := range pending {
				res, err := dialFrom(ctx, env.Client, r.from, a, time.Second)
				if err == nil && res.Open() == want {
					delete(pending, a)
				}
			}
			return len(pending) == 0, nil
		})
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: Source, Objects: []timeline.Ref{{Kind: "pod", Namespace: r.from.Namespace, Name: r.from.Name}},
			Message: fmt.Sprintf("%s probe settled after %s (as the policies say: %v)", r.role, time.Since(start).Round(100*time.Millisecond), ok)})
	}
}

func withProbe(l map[string]string, role string) map[string]string {
	out := maps.Clone(l)
	if out == nil {
		out = map[string]string{}
	}
	out[LabelProbe] = role
	return out
}

func shortID(id string) string {
	id = strings.ToLower(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, id))
	if len(id) > 10 {
		id = id[len(id)-10:]
	}
	if id == "" {
		id = fmt.Sprint(time.Now().Unix() % 100000)
	}
	return id
}

// targetPods returns host:port of every ready target pod (first declared
// TCP port of its first container) and the labels of one of them.
func targetPods(ctx context.Context, env *fault.Env) ([]string, map[string]string, error) {
	list, err := env.Client.CoreV1().Pods(env.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.SelectorFromSet(env.Selector).String()})
	if err != nil {
		return nil, nil, fmt.Errorf("listing target pods in %s: %w", env.Namespace, err)
	}
	var addrs []string
	var podLabels map[string]string
	for i := range list.Items {
		pod := &list.Items[i]
		if pod.DeletionTimestamp != nil || !podReady(pod) || pod.Labels[LabelProbe] != "" {
			continue
		}
		for _, c := range pod.Spec.Containers[:1] {
			for _, port := range c.Ports {
				if port.Protocol == "" || port.Protocol == corev1.ProtocolTCP {
					addrs = append(addrs, hostPort(pod.Status.PodIP, port.ContainerPort))
					podLabels = pod.Labels
					break
				}
			}
		}
	}
	if len(addrs) == 0 {
		return nil, nil, fmt.Errorf("%w: no ready target pod with a TCP port in %s", fault.ErrNoVictim, env.Namespace)
	}
	sort.Strings(addrs)
	return addrs, podLabels, nil
}

// selecting names the policies in the namespace that select pods with
// podLabels, for ingress and for egress.
func selecting(ctx context.Context, env *fault.Env, podLabels map[string]string) (ingress, egress []string, err error) {
	list, err := env.Client.NetworkingV1().NetworkPolicies(env.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("listing NetworkPolicies in %s: %w", env.Namespace, err)
	}
	for _, np := range list.Items {
		sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
		if err != nil || !sel.Matches(labels.Set(podLabels)) {
			continue
		}
		types := np.Spec.PolicyTypes
		if len(types) == 0 {
			types = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
			if len(np.Spec.Egress) > 0 {
				types = append(types, networkingv1.PolicyTypeEgress)
			}
		}
		for _, t := range types {
			switch t {
			case networkingv1.PolicyTypeIngress:
				ingress = append(ingress, np.Name)
			case networkingv1.PolicyTypeEgress:
				egress = append(egress, np.Name)
			}
		}
	}
	return ingress, egress, nil
}

// dnsAddr is cluster DNS's Service address (TCP 53).
func dnsAddr(ctx context.Context, env *fault.Env) (string, error) {
	svc, err := env.Client.CoreV1().Services("kube-system").Get(ctx, "kube-dns", metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("service kube-system/kube-dns: %w", err)
	}
	if svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return "", errors.New("service kube-system/kube-dns has no cluster IP")
	}
	return hostPort(svc.Spec.ClusterIP, 53), nil
}
