package runner

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
)

// A spec with two targets plans both, the second in Others, and its dry
// run shows them side by side in every scenario.
func TestNewPlanTargets(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Decode([]byte(`name: team
targets:
- {namespace: web-a, manifests: [app], deployment: web, selector: {app: web}, nodePort: 30090, minReady: 2}
- {namespace: web-b, manifests: [app-b], deployment: web, selector: {app: web}, nodePort: 30091, minReady: 2}
`), dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination, scenarios.NodeDrain}, nil, "t1")
	if err != nil {
		t.Fatal(err)
	}
	all := p.All()
	if len(all) != 2 || all[1].Spec.Target.Namespace != "web-b" || all[1].Scenarios[0].Target.Namespace != "web-b" {
		t.Fatalf("plans: %d, second %+v", len(all), all[len(all)-1].Spec.Target)
	}
	if !strings.Contains(string(all[1].Manifests.YAML), "namespace: web-b") {
		t.Errorf("second target's manifests are not in its namespace:\n%s", all[1].Manifests.YAML)
	}
	var out bytes.Buffer
	if err := p.DryRun(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"targets: 2 side by side", "into namespace web-a", "into namespace web-b",
		"namespace web-a, pods app=web", "namespace web-b, pods app=web"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run lacks %q:\n%s", want, out.String())
		}
	}
	if tenantName("node-drain", all[1], 2) != "node-drain / web-b" || tenantName("node-drain", all[1], 1) != "node-drain" {
		t.Error("a target's records are named by its namespace only when a run has several")
	}
}
