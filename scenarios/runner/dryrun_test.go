package runner

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/golive/resilience/scenarios"
)

func TestDryRun(t *testing.T) {
	t.Parallel()
	p, err := NewPlan(loadSpec(t), []scenarios.Kind{scenarios.PodTermination, scenarios.Autoscaling}, nil, "dry")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.DryRun(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`run "web": 2 scenarios, seed 3, scale 1`,
		"image: example.local/web:dry (built from Go package ./cmd/web)",
		"manifests: Deployment/web, Service/web, HorizontalPodAutoscaler/web into namespace web-test",
		"[1/2] pod-termination\nscenario \"pod-termination\" (seed 3)",
		"[2/2] autoscaling\n",
		"http://127.0.0.1:30090/work",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
}
