package static

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// manifests are the decoded objects the checks read; every other kind is
// skipped.
type manifests struct {
	workloads   []*workload
	autoscalers []autoscaler
	pdbs        []*policyv1.PodDisruptionBudget
	policies    []*networkingv1.NetworkPolicy
	services    []*corev1.Service
	monitors    []*monitor
}

// decode splits a YAML stream into documents and decodes the kinds the
// checks read. Documents are numbered from 1 in errors.
func decode(b []byte) (*manifests, error) {
	m := &manifests{}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(b)))
	for i := 1; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading manifest document %d: %w", i, err)
		}
		j, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("manifest document %d: %w", i, err)
		}
		if err := m.add(i, j); err != nil {
			return nil, err
		}
	}
}

// add decodes one document (JSON) and, for a List, its items.
func (m *manifests) add(doc int, j []byte) error {
	if j = bytes.TrimSpace(j); len(j) == 0 || string(j) == "null" {
		return nil
	}
	var tm struct {
		metav1.TypeMeta
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(j, &tm); err != nil {
		return fmt.Errorf("manifest document %d: not a Kubernetes object: %w", doc, err)
	}
	if tm.Kind == "" || tm.APIVersion == "" {
		return fmt.Errorf("manifest document %d: object has no apiVersion or kind", doc)
	}
	gv, err := schema.ParseGroupVersion(tm.APIVersion)
	if err != nil {
		return fmt.Errorf("manifest document %d (%s): %w", doc, tm.Kind, err)
	}
	if err := m.addObject(gv.WithKind(tm.Kind), j); err != nil {
		return fmt.Errorf("manifest document %d (%s): %w", doc, tm.Kind, err)
	}
	if tm.Kind == "List" {
		for _, item := range tm.Items {
			if err := m.add(doc, item); err != nil {
				return err
			}
		}
	}
	return nil
}

// addObject decodes one object of a kind the checks read into its typed
// struct and skips every other kind.
func (m *manifests) addObject(gvk schema.GroupVersionKind, j []byte) error {
	switch gvk.GroupKind() {
	case schema.GroupKind{Group: "apps", Kind: kindDeployment}:
		var d appsv1.Deployment
		if err := json.Unmarshal(j, &d); err != nil {
			return err
		}
		m.workloads = append(m.workloads, fromDeployment(&d))
	case schema.GroupKind{Group: "apps", Kind: kindStatefulSet}:
		var s appsv1.StatefulSet
		if err := json.Unmarshal(j, &s); err != nil {
			return err
		}
		m.workloads = append(m.workloads, fromStatefulSet(&s))
	case schema.GroupKind{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"}:
		return m.addAutoscaler(gvk.Version, j)
	case schema.GroupKind{Group: "policy", Kind: "PodDisruptionBudget"}:
		return decodeInto(j, &m.pdbs)
	case schema.GroupKind{Group: "networking.k8s.io", Kind: "NetworkPolicy"}:
		return decodeInto(j, &m.policies)
	case schema.GroupKind{Kind: "Service"}:
		return decodeInto(j, &m.services)
	case schema.GroupKind{Group: "monitoring.coreos.com", Kind: "ServiceMonitor"},
		schema.GroupKind{Group: "monitoring.coreos.com", Kind: "PodMonitor"}:
		return decodeInto(j, &m.monitors)
	}
	return nil
}

// addAutoscaler decodes an HPA: autoscaling/v1 as it is, every later
// version as v2 (v2beta2 has the same schema).
func (m *manifests) addAutoscaler(version string, j []byte) error {
	if version == "v1" {
		var h autoscalingv1.HorizontalPodAutoscaler
		if err := json.Unmarshal(j, &h); err != nil {
			return err
		}
		m.autoscalers = append(m.autoscalers, fromHPAv1(&h))
		return nil
	}
	var h autoscalingv2.HorizontalPodAutoscaler
	if err := json.Unmarshal(j, &h); err != nil {
		return err
	}
	m.autoscalers = append(m.autoscalers, fromHPAv2(&h))
	return nil
}

// decodeInto unmarshals j into a new T and appends it to list.
func decodeInto[T any](j []byte, list *[]*T) error {
	v := new(T)
	if err := json.Unmarshal(j, v); err != nil {
		return err
	}
	*list = append(*list, v)
	return nil
}
