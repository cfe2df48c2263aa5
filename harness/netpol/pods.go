package netpol

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/netpol/dial"
)

// Package is the Go package of the probe; Image builds it.
const Package = "github.com/golive/resilience/cmd/netprobe"

// DefaultImage is the probe image the suite builds and loads.
const DefaultImage = "golive.local/netprobe:v1"

// probePort is where a probe pod listens.
const probePort = 8080

// LabelProbe marks every probe pod (its value is the probe's role).
const LabelProbe = "golive.io/netprobe"

// probePod is a netprobe pod named name in ns with labels, pinned to node
// when node is set; a pod that must stay out of Service endpoints answers
// not-ready.
func probePod(ns, name, image, node string, labels map[string]string, ready bool) *corev1.Pod {
	no, nonRoot := false, true
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: maps.Clone(labels)},
		Spec: corev1.PodSpec{
			NodeName:                      node,
			TerminationGracePeriodSeconds: new(int64(1)),
			AutomountServiceAccountToken:  &no,
			Containers: []corev1.Container{{
				Name: "netprobe", Image: image, ImagePullPolicy: corev1.PullNever,
				Env:   []corev1.EnvVar{{Name: "NETPROBE_READY", Value: strconv.FormatBool(ready)}},
				Ports: []corev1.ContainerPort{{ContainerPort: probePort}},
				ReadinessProbe: &corev1.Probe{PeriodSeconds: 1, ProbeHandler: corev1.ProbeHandler{
					HTTPGet: &corev1.HTTPGetAction{Path: "/readyz", Port: intstr.FromInt32(probePort)}}},
				SecurityContext: &corev1.SecurityContext{RunAsNonRoot: &nonRoot, AllowPrivilegeEscalation: &no,
					Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}},
			}},
		},
	}
	if p.Labels == nil {
		p.Labels = map[string]string{}
	}
	if _, ok := p.Labels[LabelProbe]; !ok {
		p.Labels[LabelProbe] = name
	}
	if !ready {
		p.Labels[labelNotReady] = "true"
	}
	return p
}

// waitRunning waits until every named pod in ns runs with an IP (and is
// Ready unless it answers not-ready on purpose) and returns them by name.
func waitRunning(ctx context.Context, cs kubernetes.Interface, ns string, names ...string) (map[string]*corev1.Pod, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	got := map[string]*corev1.Pod{}
	err := kube.Until(ctx, kube.Pods(cs, ns, LabelProbe, ""), func(pods []*corev1.Pod) (bool, error) {
		clear(got)
		for _, p := range pods {
			if !want[p.Name] || p.Status.Phase != corev1.PodRunning || p.Status.PodIP == "" {
				continue
			}
			if p.Labels[labelNotReady] == "" && !podReady(p) {
				continue
			}
			got[p.Name] = p
		}
		return len(got) == len(want), nil
	})
	if err != nil {
		return nil, fmt.Errorf("probe pods %v in %s not running: %w", names, ns, err)
	}
	return got, nil
}

// labelNotReady marks a probe pod that answers not-ready on purpose.
const labelNotReady = "golive.io/netprobe-unready"

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// dialFrom asks the probe pod from (through the API server's pod proxy) to
// open a TCP connection to addr.
func dialFrom(ctx context.Context, cs kubernetes.Interface, from *corev1.Pod, addr string, timeout time.Duration) (dial.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout+10*time.Second)
	defer cancel()
	body, err := cs.CoreV1().Pods(from.Namespace).ProxyGet("http", from.Name, strconv.Itoa(probePort), "/dial",
		map[string]string{"addr": addr, "timeout": timeout.String()}).DoRaw(ctx)
	if err != nil {
		return dial.Result{}, fmt.Errorf("probe pod %s/%s dialing %s: %w", from.Namespace, from.Name, addr, err)
	}
	var r dial.Result
	if err := json.Unmarshal(body, &r); err != nil {
		return dial.Result{}, fmt.Errorf("probe pod %s/%s: answer %q: %w", from.Namespace, from.Name, body, err)
	}
	return r, nil
}

func hostPort(ip string, port int32) string { return net.JoinHostPort(ip, strconv.Itoa(int(port))) }
