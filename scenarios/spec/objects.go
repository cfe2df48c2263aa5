package spec

import (
	"fmt"
	"maps"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// checkPods makes sure the Deployment's pods carry every selector label.
func (s *Spec) checkPods(data []byte) error {
	var d appsv1.Deployment
	if err := yaml.Unmarshal(data, &d); err != nil {
		return fmt.Errorf("rendering manifests: Deployment %q: %w", s.Target.Deployment, err)
	}
	labels := d.Spec.Template.Labels
	for _, k := range slices.Sorted(maps.Keys(s.Target.Selector)) {
		if v := s.Target.Selector[k]; labels[k] != v {
			return s.FieldError("target.selector", fmt.Errorf("%w: the pods of Deployment %q do not carry %s=%s",
				ErrNotFound, s.Target.Deployment, k, v))
		}
	}
	return nil
}

// exposes reports whether a Service has a port on nodePort and port (each
// unchecked when 0).
func exposes(data []byte, nodePort, port int) (bool, error) {
	var svc corev1.Service
	if err := yaml.Unmarshal(data, &svc); err != nil {
		return false, err
	}
	for _, p := range svc.Spec.Ports {
		if (nodePort == 0 || int(p.NodePort) == nodePort) && (port == 0 || int(p.Port) == port) {
			return true, nil
		}
	}
	return false, nil
}
