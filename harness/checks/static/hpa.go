package static

import (
	"fmt"
	"strings"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// autoscaler is what the checks read of a HorizontalPodAutoscaler.
type autoscaler struct {
	ref         timeline.Ref
	target      timeline.Ref
	targetGroup string
	minReplicas *int32
	maxReplicas int32
	// cpuUtilization is set when it scales on CPU utilization, which the
	// controller computes against the containers' cpu requests.
	cpuUtilization bool
}

func fromHPAv1(h *autoscalingv1.HorizontalPodAutoscaler) autoscaler {
	t := h.Spec.ScaleTargetRef
	return autoscaler{
		ref:    objRef("HorizontalPodAutoscaler", h.ObjectMeta),
		target: timeline.Ref{Kind: t.Kind, Namespace: h.Namespace, Name: t.Name}, targetGroup: group(t.APIVersion),
		minReplicas: h.Spec.MinReplicas, maxReplicas: h.Spec.MaxReplicas,
		cpuUtilization: true, // v1 scales on CPU utilization only (default 80 %)
	}
}

func fromHPAv2(h *autoscalingv2.HorizontalPodAutoscaler) autoscaler {
	t := h.Spec.ScaleTargetRef
	a := autoscaler{
		ref:    objRef("HorizontalPodAutoscaler", h.ObjectMeta),
		target: timeline.Ref{Kind: t.Kind, Namespace: h.Namespace, Name: t.Name}, targetGroup: group(t.APIVersion),
		minReplicas: h.Spec.MinReplicas, maxReplicas: h.Spec.MaxReplicas,
		cpuUtilization: len(h.Spec.Metrics) == 0, // the default is 80 % CPU utilization
	}
	for _, m := range h.Spec.Metrics {
		var name corev1.ResourceName
		var target autoscalingv2.MetricTarget
		switch {
		case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil:
			name, target = m.Resource.Name, m.Resource.Target
		case m.Type == autoscalingv2.ContainerResourceMetricSourceType && m.ContainerResource != nil:
			name, target = m.ContainerResource.Name, m.ContainerResource.Target
		}
		if name == corev1.ResourceCPU && target.Type != autoscalingv2.AverageValueMetricType && target.Type != autoscalingv2.ValueMetricType {
			a.cpuUtilization = true
		}
	}
	return a
}

func group(apiVersion string) string {
	gv, _ := schema.ParseGroupVersion(apiVersion)
	return gv.Group
}

// autoscalersFor returns the HPAs whose scaleTargetRef is the workload.
func (m *manifests) autoscalersFor(w *workload) []autoscaler {
	var out []autoscaler
	for _, a := range m.autoscalers {
		if a.target == w.ref && (a.targetGroup == "apps" || a.targetGroup == "") {
			out = append(out, a)
		}
	}
	return out
}

// judgeReplicas passes when the workload runs at least the minimum
// replicas: spec.replicas, or its HPA's minReplicas when one targets it.
func judgeReplicas(m *manifests, w *workload, c *config) harness.Verdict {
	f := newFinding(ItemReplicas, w)
	n, hpa := m.desiredReplicas(w)
	f.count("replicas", float64(n))
	f.count("min_replicas", float64(c.minReplicas))
	by := "runs " + plural(n, "replica")
	if hpa != nil {
		f.object(hpa.ref)
		by = fmt.Sprintf("%s keeps at least %s", name(hpa.ref), plural(n, "replica"))
	}
	if n < c.minReplicas {
		f.failf("%s, fewer than the %d required: %s", by, c.minReplicas, podLoss(n))
	}
	return f.passf("%s, no fewer than the %d required", by, c.minReplicas)
}

// judgeHPA passes when exactly one HPA targets the workload, with
// minReplicas at the minimum or above and, when it scales on CPU
// utilization, a cpu request on every container.
func judgeHPA(m *manifests, w *workload, c *config) harness.Verdict {
	f := newFinding(ItemHPA, w)
	hs := m.autoscalersFor(w)
	for _, h := range hs {
		f.object(h.ref)
	}
	switch len(hs) {
	case 0:
		f.failf("no HorizontalPodAutoscaler targets it")
		return f.verdict("")
	case 1:
	default:
		var names []string
		for _, h := range hs {
			names = append(names, name(h.ref))
		}
		f.failf("%s all target it: the controller refuses to scale an ambiguous target", strings.Join(names, ", "))
		return f.verdict("")
	}
	h := hs[0]
	lo := deref(h.minReplicas, 1)
	f.count("min_replicas", float64(lo))
	f.count("max_replicas", float64(h.maxReplicas))
	if int(lo) < c.minReplicas {
		f.failf("%s has minReplicas %d, fewer than %d", name(h.ref), lo, c.minReplicas)
	}
	if h.cpuUtilization {
		for _, ctr := range w.template.Spec.Containers {
			if _, ok := effectiveRequests(ctr)[corev1.ResourceCPU]; !ok {
				f.failf("%s scales on CPU utilization but container %q has no cpu request, so utilization cannot be computed", name(h.ref), ctr.Name)
			}
		}
	}
	return f.passf("%s scales it between %d and %d replicas", name(h.ref), lo, h.maxReplicas)
}

// plural renders "1 replica" or "3 replicas".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// podLoss says what losing one of n pods costs.
func podLoss(n int) string {
	if n <= 1 {
		return "losing its only pod is an outage"
	}
	return fmt.Sprintf("losing one pod removes %d%% of its capacity", 100/n)
}
