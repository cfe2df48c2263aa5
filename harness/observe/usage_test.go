package observe

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestUsageOfLimits(t *testing.T) {
	t.Parallel()
	var list podMetricsList
	raw := `{"items":[
	  {"metadata":{"name":"web-a"},"containers":[{"name":"web","usage":{"cpu":"250m","memory":"48Mi"}},{"name":"sidecar","usage":{"cpu":"1m","memory":"1Mi"}}]},
	  {"metadata":{"name":"web-b"},"containers":[{"name":"web","usage":{"cpu":"100m","memory":"16Mi"}}]},
	  {"metadata":{"name":"gone"},"containers":[{"name":"web","usage":{"cpu":"9","memory":"9Gi"}}]}]}`
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		t.Fatal(err)
	}
	limits := corev1.ResourceRequirements{Limits: corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("96Mi")}}
	specs := map[string][]corev1.Container{
		"web-a": {{Name: "web", Resources: limits}, {Name: "sidecar"}}, // no limit: not counted
		"web-b": {{Name: "web", Resources: limits}},
	}
	u := usageOfLimits(list, specs)
	if u != (usage{mem: 0.5, cpu: 0.5, memLimited: true, cpuLimited: true}) {
		t.Errorf("usage %+v, want 0.5 of both limits (the gone pod is not the target's, the sidecar has none)", u)
	}
	// Without limits there is nothing to measure by: no sample, not 0 %.
	if u := usageOfLimits(list, map[string][]corev1.Container{"web-a": {{Name: "web"}}}); u.memLimited || u.cpuLimited {
		t.Errorf("no limits: %+v, want nothing measured", u)
	}
}
