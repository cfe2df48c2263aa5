package static

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/golive/resilience/harness/timeline"
)

const (
	kindDeployment  = "Deployment"
	kindStatefulSet = "StatefulSet"
)

// workload is what the checks read of a Deployment or a StatefulSet.
type workload struct {
	ref      timeline.Ref
	replicas *int32
	template corev1.PodTemplateSpec
	// strategy is the update strategy type, defaulted: RollingUpdate,
	// Recreate or OnDelete; field names it in reasons.
	strategy, field string
	// maxUnavailable and maxSurge of a rolling update (defaulted).
	maxUnavailable, maxSurge *intstr.IntOrString
	history                  *int32
	// missing, when set, is why the workload cannot be judged.
	missing string
}

func fromDeployment(d *appsv1.Deployment) *workload {
	w := &workload{
		ref:      timeline.Ref{Kind: kindDeployment, Namespace: d.Namespace, Name: d.Name},
		replicas: d.Spec.Replicas, template: d.Spec.Template, history: d.Spec.RevisionHistoryLimit,
		strategy: string(d.Spec.Strategy.Type), field: "strategy",
	}
	if w.strategy == "" {
		w.strategy = string(appsv1.RollingUpdateDeploymentStrategyType)
	}
	quarter := intstr.FromString("25%")
	w.maxUnavailable, w.maxSurge = &quarter, &quarter
	if ru := d.Spec.Strategy.RollingUpdate; ru != nil {
		w.maxUnavailable = orDefault(ru.MaxUnavailable, w.maxUnavailable)
		w.maxSurge = orDefault(ru.MaxSurge, w.maxSurge)
	}
	return w
}

func fromStatefulSet(s *appsv1.StatefulSet) *workload {
	w := &workload{
		ref:      timeline.Ref{Kind: kindStatefulSet, Namespace: s.Namespace, Name: s.Name},
		replicas: s.Spec.Replicas, template: s.Spec.Template, history: s.Spec.RevisionHistoryLimit,
		strategy: string(s.Spec.UpdateStrategy.Type), field: "updateStrategy",
	}
	if w.strategy == "" {
		w.strategy = string(appsv1.RollingUpdateStatefulSetStrategyType)
	}
	one := intstr.FromInt32(1)
	w.maxUnavailable = &one
	if ru := s.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		w.maxUnavailable = orDefault(ru.MaxUnavailable, w.maxUnavailable)
	}
	return w
}

// String names the workload the way reasons begin: "Deployment shop/web".
func (w *workload) String() string { return name(w.ref) }

// containers returns the init containers and then the containers.
func (w *workload) containers() []corev1.Container {
	spec := w.template.Spec
	return append(append([]corev1.Container(nil), spec.InitContainers...), spec.Containers...)
}

// selects reports whether a label selector in namespace ns selects the
// workload's pods. A nil selector selects nothing, an empty one
// everything; an invalid one nothing.
func (w *workload) selects(ns string, sel *metav1.LabelSelector) bool {
	if ns != w.ref.Namespace || sel == nil {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(labels.Set(w.template.Labels))
}

// desiredReplicas returns the replicas the workload runs at least: the
// minReplicas of the HPA that targets it, else spec.replicas (default 1),
// and the HPA when there is one.
func (m *manifests) desiredReplicas(w *workload) (int, *autoscaler) {
	if hs := m.autoscalersFor(w); len(hs) > 0 {
		return int(deref(hs[0].minReplicas, 1)), &hs[0]
	}
	return int(deref(w.replicas, 1)), nil
}

// objRef names a namespaced object.
func objRef(kind string, meta metav1.ObjectMeta) timeline.Ref {
	return timeline.Ref{Kind: kind, Namespace: meta.Namespace, Name: meta.Name}
}

// name renders a ref the way reasons name objects: "PodDisruptionBudget shop/web".
func name(r timeline.Ref) string {
	if r.Namespace == "" {
		return r.Kind + " " + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func orDefault[T any](p, def *T) *T {
	if p == nil {
		return def
	}
	return p
}
