package static

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/harness"
)

// QoS classes, as the kubelet computes them.
const (
	qosGuaranteed = "Guaranteed"
	qosBurstable  = "Burstable"
	qosBestEffort = "BestEffort"
)

var computeResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

// judgeResources passes when every container requests and limits cpu and
// memory; the QoS class is in the reason and the counts.
func judgeResources(_ *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemResources, w)
	qos := qosClass(w.containers())
	f.count("qos_"+strings.ToLower(qos), 1)
	for _, c := range w.template.Spec.Containers {
		req, lim := effectiveRequests(c), c.Resources.Limits
		var missing []string
		for _, r := range computeResources {
			if _, ok := req[r]; !ok {
				missing = append(missing, string(r)+" request")
			}
			if _, ok := lim[r]; !ok {
				missing = append(missing, string(r)+" limit")
			}
		}
		if len(missing) > 0 {
			why := ""
			if _, ok := req[corev1.ResourceCPU]; !ok {
				why = ": an HPA cannot compute its CPU utilization"
			}
			f.failf("container %q sets no %s (QoS %s)%s", c.Name, joinOr(missing), qos, why)
		}
		for _, r := range computeResources {
			q, ok := req[r]
			if !ok {
				continue
			}
			f.count(fmt.Sprintf("%s.%s_request", c.Name, r), q.AsApproximateFloat64())
			if l, ok := lim[r]; ok {
				f.count(fmt.Sprintf("%s.%s_limit", c.Name, r), l.AsApproximateFloat64())
			}
		}
	}
	return f.passf("every container requests and limits cpu and memory (QoS %s)", qos)
}

// effectiveRequests returns the container's requests with a missing cpu or
// memory request taken from its limit, as the API server defaults it.
func effectiveRequests(c corev1.Container) corev1.ResourceList {
	out := corev1.ResourceList{}
	for r, q := range c.Resources.Requests {
		out[r] = q
	}
	for _, r := range computeResources {
		if _, ok := out[r]; ok {
			continue
		}
		if l, ok := c.Resources.Limits[r]; ok {
			out[r] = l
		}
	}
	return out
}

// qosClass computes the pod's QoS class from its containers (init
// containers included): BestEffort when none requests or limits cpu or
// memory, Guaranteed when every one limits both and requests what it
// limits, Burstable otherwise.
func qosClass(cs []corev1.Container) string {
	some, guaranteed := false, true
	for _, c := range cs {
		req := effectiveRequests(c)
		for _, r := range computeResources {
			q, hasReq := req[r]
			l, hasLim := c.Resources.Limits[r]
			if (hasReq && !q.IsZero()) || (hasLim && !l.IsZero()) {
				some = true
			}
			if !hasLim || !hasReq || q.Cmp(l) != 0 {
				guaranteed = false
			}
		}
	}
	switch {
	case !some:
		return qosBestEffort
	case guaranteed:
		return qosGuaranteed
	}
	return qosBurstable
}
