package target

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

func TestRenderEveryVariant(t *testing.T) {
	t.Parallel()
	twins, err := Twins()
	if err != nil {
		t.Fatal(err)
	}
	if len(twins) < 12 {
		t.Fatalf("%d twins, want at least 12", len(twins))
	}
	for _, tw := range append([]Twin{{Variant: Good}}, twins...) {
		t.Run(tw.Variant.String(), func(t *testing.T) {
			t.Parallel()
			if tw.Variant != Good && tw.Defect == "" {
				t.Error("overlay has no '# defect' description line")
			}
			out, err := Render(tw.Variant, "ns1", "golive.local/target:abc")
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			if !strings.Contains(s, "image: golive.local/target:abc") || !strings.Contains(s, "namespace: ns1") {
				t.Errorf("image or namespace not set:\n%s", s)
			}
		})
	}
}

func TestRenderUnknown(t *testing.T) {
	t.Parallel()
	if _, err := Render("nope", "ns", "x:y"); !errors.Is(err, ErrUnknownVariant) {
		t.Fatalf("err = %v", err)
	}
}

func TestRenderNodePort(t *testing.T) {
	out, err := Render(Good, "ns", "img:1", WithNodePort(30081))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "nodePort: 30081") || strings.Contains(string(out), "nodePort: 30080") {
		t.Errorf("service not moved to 30081:\n%s", out)
	}
}

// PreferNode adds a preferred node affinity and keeps a twin's own
// placement rule (one-node's pod affinity).
func TestRenderPreferNode(t *testing.T) {
	t.Parallel()
	for _, v := range []Variant{Good, "one-node"} {
		b, err := Render(v, "ns", "x:1", PreferNode("golive-suite-worker"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, "preferredDuringSchedulingIgnoredDuringExecution") || !strings.Contains(s, "- golive-suite-worker") {
			t.Errorf("%s: no preferred node affinity for golive-suite-worker:\n%s", v, s)
		}
		if v == "one-node" && !strings.Contains(s, "podAffinity") {
			t.Errorf("one-node lost its pod affinity:\n%s", s)
		}
	}
}

// docOf decodes the object of kind and name in rendered manifests into v.
func docOf(t *testing.T, manifests []byte, kind, name string, v any) {
	t.Helper()
	for _, doc := range strings.Split(string(manifests), "\n---\n") {
		var o object
		if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
			t.Fatal(err)
		}
		if o.Kind == kind && o.Metadata.Name == name {
			if err := yaml.Unmarshal([]byte(doc), v); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no %s %s in the manifests:\n%s", kind, name, manifests)
}

// The base runs the state store beside the target, outside its selector,
// and lets the target reach it.
func TestRenderStore(t *testing.T) {
	t.Parallel()
	out, err := Render(Good, "ns1", "golive.local/target:abc")
	if err != nil {
		t.Fatal(err)
	}
	names, err := Deployments(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{StoreDeployment, "target"}, names, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("Deployments (-want +got):\n%s", diff)
	}
	var store, tgt appsv1.Deployment
	docOf(t, out, "Deployment", StoreDeployment, &store)
	docOf(t, out, "Deployment", "target", &tgt)
	sel, err := metav1.LabelSelectorAsSelector(tgt.Spec.Selector)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Matches(labels.Set(store.Spec.Template.Labels)) {
		t.Errorf("the target's selector %s matches the store's pods %v", sel, store.Spec.Template.Labels)
	}
	c := store.Spec.Template.Spec.Containers[0]
	if c.Image != "golive.local/target:abc" || len(c.Env) != 1 || c.Env[0] != (corev1.EnvVar{Name: "TARGET_MODE", Value: "store"}) || len(c.EnvFrom) != 0 {
		t.Errorf("store container: image %s, env %v, envFrom %v", c.Image, c.Env, c.EnvFrom)
	}
	if *store.Spec.Replicas != 1 || c.ReadinessProbe == nil || c.LivenessProbe == nil || c.Resources.Limits.Memory().String() != "64Mi" {
		t.Errorf("store: %d replicas, probes %v %v, limits %v", *store.Spec.Replicas, c.ReadinessProbe, c.LivenessProbe, c.Resources.Limits)
	}
	if diff := cmp.Diff(tgt.Spec.Template.Spec.SecurityContext, store.Spec.Template.Spec.SecurityContext); diff != "" {
		t.Errorf("store pod securityContext differs from the target's (-target +store):\n%s", diff)
	}
	if diff := cmp.Diff(tgt.Spec.Template.Spec.Containers[0].SecurityContext, c.SecurityContext); diff != "" {
		t.Errorf("store container securityContext differs from the target's (-target +store):\n%s", diff)
	}
	if tgt.Spec.ProgressDeadlineSeconds == nil || *tgt.Spec.ProgressDeadlineSeconds != 60 {
		t.Errorf("target progressDeadlineSeconds = %v, want 60", tgt.Spec.ProgressDeadlineSeconds)
	}
	var svc corev1.Service
	docOf(t, out, "Service", StoreDeployment, &svc)
	if svc.Spec.Type != corev1.ServiceTypeClusterIP || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 80 ||
		svc.Spec.Ports[0].TargetPort.String() != "http" || !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(store.Spec.Template.Labels)) {
		t.Errorf("store Service: %+v", svc.Spec)
	}
	var np networkingv1.NetworkPolicy
	docOf(t, out, "NetworkPolicy", "target", &np)
	reaches := false
	for _, e := range np.Spec.Egress {
		for _, to := range e.To {
			if to.PodSelector != nil && to.NamespaceSelector == nil && to.PodSelector.MatchLabels["app.kubernetes.io/name"] == StoreDeployment &&
				len(e.Ports) == 1 && e.Ports[0].Port.IntValue() == 8080 {
				reaches = true
			}
		}
	}
	if !reaches || len(np.Spec.Egress) != 2 {
		t.Errorf("NetworkPolicy target egress %+v: want DNS and the store on 8080", np.Spec.Egress)
	}
}

// Each overlay's configuration reaches the target's ConfigMap.
func TestRenderConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		variant Variant
		want    map[string]string // "" for absent
	}{
		{Good, map[string]string{"TARGET_STORE_URL": "http://store", "TARGET_STORE_TIMEOUT": "2s", "TARGET_STATE": "", "TARGET_ERROR_RATE": ""}},
		{"in-memory-state", map[string]string{"TARGET_STATE": "memory", "TARGET_STORE_URL": "http://store"}},
		{"errors-2pct", map[string]string{"TARGET_ERROR_RATE": "0.02", "TARGET_STATE": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.variant.String(), func(t *testing.T) {
			t.Parallel()
			out, err := Render(tt.variant, "ns", "x:1")
			if err != nil {
				t.Fatal(err)
			}
			var cm corev1.ConfigMap
			docOf(t, out, "ConfigMap", "target-config", &cm)
			for k, v := range tt.want {
				if cm.Data[k] != v {
					t.Errorf("%s = %q, want %q", k, cm.Data[k], v)
				}
			}
		})
	}
}

// quota-no-surge leaves room for the pods that run and none for a surge pod.
func TestRenderQuotaNoSurge(t *testing.T) {
	t.Parallel()
	out, err := Render("quota-no-surge", "ns", "x:1")
	if err != nil {
		t.Fatal(err)
	}
	var q corev1.ResourceQuota
	docOf(t, out, "ResourceQuota", "pods", &q)
	var tgt, store appsv1.Deployment
	docOf(t, out, "Deployment", "target", &tgt)
	docOf(t, out, "Deployment", StoreDeployment, &store)
	running := int64(*tgt.Spec.Replicas + *store.Spec.Replicas)
	if got := q.Spec.Hard.Pods().Value(); got != running || q.Namespace != "ns" {
		t.Errorf("quota %s/pods allows %d pods, want %d (the running ones, no surge)", q.Namespace, got, running)
	}
	if ru := tgt.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxSurge.IntValue() != 1 || ru.MaxUnavailable.IntValue() != 0 {
		t.Errorf("target rolling update %+v: the twin needs maxSurge 1, maxUnavailable 0", ru)
	}
}
