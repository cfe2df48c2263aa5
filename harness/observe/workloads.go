package observe

import (
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness/timeline"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	policyv1 "k8s.io/api/policy/v1"
)

func (o *Observer) onDeployment(c change) {
	if c.cur == nil {
		return
	}
	d := c.cur.(*appsv1.Deployment)
	desired := int32(1)
	if d.Spec.Replicas != nil {
		desired = *d.Spec.Replicas
	}
	p := "deployment/" + d.Name + "/"
	o.tl.Sample(p+"desired", float64(desired))
	o.tl.Sample(p+"ready", float64(d.Status.ReadyReplicas))
	o.tl.Sample(p+"available", float64(d.Status.AvailableReplicas))
	o.tl.Sample(p+"updated", float64(d.Status.UpdatedReplicas))
	o.tl.Sample(p+"unavailable", float64(d.Status.UnavailableReplicas))
}

func (o *Observer) onReplicaSet(c change) {
	if c.cur == nil {
		return
	}
	rs := c.cur.(*appsv1.ReplicaSet)
	o.tl.Sample("replicaset/"+rs.Name+"/ready", float64(rs.Status.ReadyReplicas))
	o.tl.Sample("replicaset/"+rs.Name+"/replicas", float64(rs.Status.Replicas))
}

func (o *Observer) onHPA(c change) {
	if c.cur == nil {
		return
	}
	h := c.cur.(*autoscalingv2.HorizontalPodAutoscaler)
	p := "hpa/" + h.Name + "/"
	o.tl.Sample(p+"current", float64(h.Status.CurrentReplicas))
	o.tl.Sample(p+"desired", float64(h.Status.DesiredReplicas))
	min := int32(1)
	if h.Spec.MinReplicas != nil {
		min = *h.Spec.MinReplicas
	}
	o.tl.Sample(p+"min", float64(min))
	o.tl.Sample(p+"scale_down_window_s", float64(ScaleDownWindow(h).Seconds()))
	for _, m := range h.Status.CurrentMetrics {
		name, v, ok := metricValue(m)
		if ok {
			o.tl.Sample(p+"metric/"+name, v)
		}
	}
	if old, ok := c.old.(*autoscalingv2.HorizontalPodAutoscaler); ok && old.Status.DesiredReplicas != h.Status.DesiredReplicas {
		o.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: Source,
			Objects: []timeline.Ref{{Kind: "hpa", Namespace: h.Namespace, Name: h.Name}},
			Message: fmt.Sprintf("hpa desired replicas %d → %d", old.Status.DesiredReplicas, h.Status.DesiredReplicas)})
	}
}

// DefaultScaleDownWindow is the HPA's scale-down stabilization window
// when its behavior does not set one (kube-controller-manager's
// --horizontal-pod-autoscaler-downscale-stabilization default).
const DefaultScaleDownWindow = 300 * time.Second

// ScaleDownWindow is how long h keeps its highest recent recommendation
// before it scales in.
func ScaleDownWindow(h *autoscalingv2.HorizontalPodAutoscaler) time.Duration {
	if b := h.Spec.Behavior; b != nil && b.ScaleDown != nil && b.ScaleDown.StabilizationWindowSeconds != nil {
		return time.Duration(*b.ScaleDown.StabilizationWindowSeconds) * time.Second
	}
	return DefaultScaleDownWindow
}

// metricValue names an HPA metric and reads its current value: the
// average utilization in percent for resources, the average (or plain)
// value otherwise.
func metricValue(m autoscalingv2.MetricStatus) (string, float64, bool) {
	var name string
	var cur autoscalingv2.MetricValueStatus
	switch {
	case m.Resource != nil:
		name, cur = string(m.Resource.Name), m.Resource.Current
	case m.ContainerResource != nil:
		name, cur = m.ContainerResource.Container+"/"+string(m.ContainerResource.Name), m.ContainerResource.Current
	case m.Pods != nil:
		name, cur = m.Pods.Metric.Name, m.Pods.Current
	case m.Object != nil:
		name, cur = m.Object.Metric.Name, m.Object.Current
	case m.External != nil:
		name, cur = m.External.Metric.Name, m.External.Current
	default:
		return "", 0, false
	}
	name = strings.ToLower(name)
	switch {
	case cur.AverageUtilization != nil:
		return name, float64(*cur.AverageUtilization), true
	case cur.AverageValue != nil:
		return name, cur.AverageValue.AsApproximateFloat64(), true
	case cur.Value != nil:
		return name, cur.Value.AsApproximateFloat64(), true
	}
	return "", 0, false
}

func (o *Observer) onPDB(c change) {
	if c.cur == nil {
		return
	}
	b := c.cur.(*policyv1.PodDisruptionBudget)
	p := "pdb/" + b.Name + "/"
	o.tl.Sample(p+"allowed", float64(b.Status.DisruptionsAllowed))
	o.tl.Sample(p+"healthy", float64(b.Status.CurrentHealthy))
	o.tl.Sample(p+"desired", float64(b.Status.DesiredHealthy))
	o.tl.Sample(p+"expected", float64(b.Status.ExpectedPods))
}
