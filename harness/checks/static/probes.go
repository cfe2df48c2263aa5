package static

import (
	"fmt"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/golive/resilience/harness"
)

// judgeProbes passes when every container has a readiness and a liveness
// probe, the two differ, each times out within its period and each names
// a port the container declares.
func judgeProbes(m *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemProbes, w)
	// Readiness only routes traffic through a Service that honours it.
	for _, s := range m.services {
		sel := s.Spec.Selector
		if s.Namespace == w.ref.Namespace && len(sel) > 0 && s.Spec.PublishNotReadyAddresses &&
			labels.SelectorFromSet(sel).Matches(labels.Set(w.template.Labels)) {
			f.object(objRef("Service", s.ObjectMeta))
			f.failf("%s publishes not-ready addresses: traffic reaches pods whose readinessProbe fails, and pods of a lost node stay in it", name(objRef("Service", s.ObjectMeta)))
		}
	}
	for _, c := range w.template.Spec.Containers {
		if c.ReadinessProbe == nil {
			f.failf("container %q has no readinessProbe", c.Name)
		}
		if c.LivenessProbe == nil {
			f.failf("container %q has no livenessProbe", c.Name)
		}
		if c.ReadinessProbe != nil && c.LivenessProbe != nil && sameProbe(c.ReadinessProbe, c.LivenessProbe) {
			f.failf("container %q has a livenessProbe identical to its readinessProbe: a pod too busy to be ready is restarted instead of taken out of rotation", c.Name)
		}
		for _, p := range []struct {
			kind  string
			probe *corev1.Probe
		}{{"readiness", c.ReadinessProbe}, {"liveness", c.LivenessProbe}} {
			if p.probe == nil {
				continue
			}
			timeout, period, failures := timing(p.probe)
			f.count(fmt.Sprintf("%s.%s_timeout_seconds", c.Name, p.kind), float64(timeout))
			f.count(fmt.Sprintf("%s.%s_period_seconds", c.Name, p.kind), float64(period))
			f.count(fmt.Sprintf("%s.%s_failure_threshold", c.Name, p.kind), float64(failures))
			if timeout > period {
				f.failf("container %q %sProbe times out after %ds, longer than its %ds period", c.Name, p.kind, timeout, period)
			}
			if port, ok := probePort(p.probe); ok && !declaresPort(c, port) {
				f.failf("container %q %sProbe probes port %q, which the container does not declare", c.Name, p.kind, port)
			}
		}
	}
	return f.verdict("every container has a readinessProbe and a distinct livenessProbe, each timing out within its period")
}

// sameProbe reports whether two probes have the same handler and the same
// timing once defaulted.
func sameProbe(a, b *corev1.Probe) bool {
	at, ap, af := timing(a)
	bt, bp, bf := timing(b)
	return reflect.DeepEqual(a.ProbeHandler, b.ProbeHandler) && at == bt && ap == bp && af == bf
}

// timing returns a probe's timeoutSeconds, periodSeconds and
// failureThreshold, defaulted (1, 10 and 3) where zero.
func timing(p *corev1.Probe) (timeout, period, failures int32) {
	def := func(v, d int32) int32 {
		if v == 0 {
			return d
		}
		return v
	}
	return def(p.TimeoutSeconds, 1), def(p.PeriodSeconds, 10), def(p.FailureThreshold, 3)
}

// probePort returns the named port a probe targets, if it names one.
func probePort(p *corev1.Probe) (string, bool) {
	var port intstr.IntOrString
	switch {
	case p.HTTPGet != nil:
		port = p.HTTPGet.Port
	case p.TCPSocket != nil:
		port = p.TCPSocket.Port
	default:
		return "", false
	}
	return port.StrVal, port.Type == intstr.String
}

func declaresPort(c corev1.Container, name string) bool {
	for _, p := range c.Ports {
		if p.Name == name {
			return true
		}
	}
	return false
}
