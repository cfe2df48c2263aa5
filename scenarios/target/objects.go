package target

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// StoreDeployment names the Deployment and the Service of the state store
// that the base runs beside the target (the same image in store mode).
const StoreDeployment = "store"

// object is what Deployments reads of a manifest.
type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

// Deployments returns the names of the Deployments in rendered manifests
// (a multi-document YAML stream, as Render returns), in document order.
func Deployments(manifests []byte) ([]string, error) {
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(manifests)))
	var names []string
	for i := 1; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading manifest document %d: %w", i, err)
		}
		var o object
		if err := yaml.Unmarshal(doc, &o); err != nil {
			return nil, fmt.Errorf("manifest document %d: %w", i, err)
		}
		if o.APIVersion == "apps/v1" && o.Kind == "Deployment" {
			names = append(names, o.Metadata.Name)
		}
	}
}
