package static_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
)

// deployment renders a Deployment shop/web of 3 replicas whose pods are
// labelled app=web and have the pod spec spec (flow-style YAML).
func deployment(spec string) string {
	return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: ` + spec + "\n"
}

// web is a pod spec with one container and nothing else.
const web = `{containers: [{name: web, image: "web:1"}]}`

// itemCase judges one item of small inline manifests.
type itemCase struct {
	name      string
	manifests string
	opts      []static.Option
	status    harness.Status
	// reason is a phrase the reason must hold.
	reason string
}

// runItemCases runs each case with Only(item) and checks the one verdict.
func runItemCases(t *testing.T, item string, cases []itemCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs, err := static.Check([]byte(tc.manifests), append(tc.opts, static.Only(item))...)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != 1 {
				t.Fatalf("%d verdicts, want 1: %+v", len(vs), vs)
			}
			v := vs[0]
			if diff := cmp.Diff(item+" "+tc.status.String(), v.Item+" "+v.Status.String()); diff != "" {
				t.Errorf("verdict (-want +got):\n%s\nreason: %s", diff, v.Reason)
			}
			if !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("reason %q does not say %q", v.Reason, tc.reason)
			}
		})
	}
}

// docs joins YAML documents into a stream.
func docs(ds ...string) string { return strings.Join(ds, "\n---\n") }

// sprintf is fmt.Sprintf for YAML templates.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
