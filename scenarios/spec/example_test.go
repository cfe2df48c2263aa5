package spec_test

import (
	"fmt"

	"github.com/golive/resilience/scenarios/spec"
)

func ExampleDecode() {
	s, err := spec.Decode([]byte(`
target:
  namespace: shop
  manifests: [deploy/]
  deployment: web
  selector: {app: web}
  nodePort: 30090
slo: {availability: 0.999, p99: 300ms}
`), "/src/shop")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Cluster.Name, s.Target.Rate, s.SLO.P99, s.Target.Paths[0].Path)

	_, err = spec.Decode([]byte("target:\n  namespace: shop\n  replicas: 3\n"), "/")
	fmt.Println(err)
	// Output:
	// golive 40 300ms /
	// line 3: target.replicas: unknown field (target has namespace, manifests, images, deployment, selector, nodePort, service, port, paths, workPath, rate, minReady, hpa, admittedClient, state, dependency)
}
