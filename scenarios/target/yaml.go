package target

import (
	"fmt"

	"sigs.k8s.io/yaml"
)

func yamlOf(v any) ([]byte, error) {
	b, err := yaml.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding kustomization: %w", err)
	}
	return b, nil
}
