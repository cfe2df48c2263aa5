package observe

import (
	"context"
	"testing"

	"github.com/golive/resilience/harness/timeline"
	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func node(name string, ready bool) *corev1.Node {
	st := corev1.ConditionFalse
	if ready {
		st = corev1.ConditionTrue
	}
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: st}}}}
}

func TestNodesEndpointsAndWorkloads(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	three := int32(3)
	util := int32(85)
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Name: "web-x1", Namespace: "shop", Labels: map[string]string{discoveryv1.LabelServiceName: "web"}},
		Endpoints: []discoveryv1.Endpoint{
			{Conditions: discoveryv1.EndpointConditions{Ready: &yes, Serving: &yes, Terminating: &no}},
			{Conditions: discoveryv1.EndpointConditions{Ready: &yes}},
			{Conditions: discoveryv1.EndpointConditions{Ready: &no, Serving: &yes, Terminating: &yes}},
		}}
	other := slice.DeepCopy()
	other.Name, other.Labels = "db-x1", map[string]string{discoveryv1.LabelServiceName: "db"}
	cs, tl := start(t, Target{Namespace: "shop", Selector: web, Service: "web"},
		node("w1", true), node("w2", true), slice, other,
		&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}, Spec: appsv1.DeploymentSpec{Replicas: &three},
			Status: appsv1.DeploymentStatus{ReadyReplicas: 3, AvailableReplicas: 2, UpdatedReplicas: 3}},
		&autoscalingv2.HorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
			Status: autoscalingv2.HorizontalPodAutoscalerStatus{CurrentReplicas: 3, DesiredReplicas: 5, CurrentMetrics: []autoscalingv2.MetricStatus{
				{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricStatus{Name: corev1.ResourceCPU,
					Current: autoscalingv2.MetricValueStatus{AverageUtilization: &util}}},
				{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricStatus{Metric: autoscalingv2.MetricIdentifier{Name: "RPS"},
					Current: autoscalingv2.MetricValueStatus{AverageValue: resource.NewMilliQuantity(12500, resource.DecimalSI)}}},
			}}},
		&policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
			Status: policyv1.PodDisruptionBudgetStatus{DisruptionsAllowed: 1, CurrentHealthy: 3, DesiredHealthy: 2, ExpectedPods: 3}},
	)
	waitFor(t, tl, "pdb", is("pdb/web/allowed", 1))
	waitFor(t, tl, "hpa", is("hpa/web/metric/rps", 12.5))
	waitFor(t, tl, "deployment", is("deployment/web/available", 2))
	want := map[string]float64{
		SeriesEndpointsReady: 2, SeriesEndpointsServing: 3, SeriesEndpointsTerminating: 1,
		SeriesNodesReady: 2, SeriesNodesSchedulable: 2,
		"deployment/web/desired": 3, "deployment/web/ready": 3,
		"hpa/web/current": 3, "hpa/web/desired": 5, "hpa/web/metric/cpu": 85, "hpa/web/metric/rps": 12.5,
		"pdb/web/allowed": 1, "pdb/web/healthy": 3, "pdb/web/desired": 2,
	}
	got := map[string]float64{}
	for name := range want {
		got[name], _ = tl.Latest(name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("latest values (-want +got):\n%s", diff)
	}

	if _, err := cs.CoreV1().Nodes().UpdateStatus(context.Background(), node("w2", false), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tl, "w2 NotReady", is(SeriesNodesReady, 1))
	evs := tl.Events(timeline.OfKind(timeline.KindNode))
	if len(evs) != 1 || evs[0].Message != "node NotReady" || evs[0].Objects[0].Name != "w2" {
		t.Errorf("node events = %+v", evs)
	}
}

func TestEventsSkipHistory(t *testing.T) {
	t.Parallel()
	old := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "old", Namespace: "shop"}, Reason: "Pulled", Count: 1}
	cs, tl := start(t, Target{Namespace: "shop", Selector: web}, old)
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "new", Namespace: "shop"}, Reason: "Killing", Type: "Normal",
		Message: "Stopping container app", Count: 1,
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "shop", Name: "web-a"}}
	if _, err := cs.CoreV1().Events("shop").Create(context.Background(), ev, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tl, "the new event", func(tl *timeline.Timeline) bool { return len(tl.Events(timeline.OfKind(timeline.KindKube))) > 0 })
	got := tl.Events(timeline.OfKind(timeline.KindKube))
	if len(got) != 1 || got[0].Attrs[AttrReason] != "Killing" || got[0].Objects[0].String() != "pod/shop/web-a" {
		t.Errorf("kube events = %+v; want only the Killing event", got)
	}
}
