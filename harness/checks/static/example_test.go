package static_test

import (
	"fmt"

	"github.com/golive/resilience/harness/checks/static"
)

func ExampleCheck() {
	manifests := []byte(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:latest
        securityContext: {privileged: true}
`)
	verdicts, err := static.Check(manifests, static.Only(static.ItemReplicas, static.ItemRollout, static.ItemImage, static.ItemGracefulShutdown))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range verdicts {
		fmt.Printf("%s %s: %s\n", v.Status, v.Item, v.Reason)
	}
	// Output:
	// FAIL replicas: Deployment shop/web: runs 1 replica, fewer than the 2 required: losing its only pod is an outage
	// FAIL graceful shutdown: Deployment shop/web: container "web" has no preStop hook: traffic can reach the pod after it stops listening
	// FAIL rolling update & rollback: Deployment shop/web: strategy Recreate stops every pod before the new ones start
	// FAIL image: Deployment shop/web: container "web" image "nginx:latest" uses the moving tag latest: a restart can run another version
}

// AsCheck plugs the static checks into a harness run: put the check in a
// scenario's Checks; it ignores the run's timeline.
func ExampleAsCheck() {
	manifests := []byte(`{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop},
  spec: {template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}}}`)
	check := static.AsCheck(manifests, static.Only(static.ItemImage))
	fmt.Println(check.Item())
	for _, v := range check.Evaluate(nil) {
		fmt.Printf("%s %s: %s\n", v.Status, v.Item, v.Reason)
	}
	// Output:
	// static checklist
	// PASS image: Deployment shop/web: every image is pinned by a tag or a digest: nginx:1.27
}
