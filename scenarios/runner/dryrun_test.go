package runner

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
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

// TestDryRunInCluster: with load from the cluster the plan builds and
// loads the attackers' image and says where the load comes from; local
// load says so too.
func TestDryRunInCluster(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from string
		want []string
		not  string
	}{
		{spec.LoadCluster, []string{"image: golive.local/attacker:dry (the attackers, built from cmd/attacker)",
			"load from: the cluster: 3 attacker pods per target"}, ""},
		{spec.LoadLocal, []string{"load from: this machine"}, "attacker"},
	} {
		s := loadSpec(t)
		s.Load.From = tc.from
		s.Default()
		p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, nil, "dry")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := p.DryRun(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("%s: dry run lacks %q:\n%s", tc.from, want, buf.String())
			}
		}
		if tc.not != "" && strings.Contains(buf.String(), tc.not) {
			t.Errorf("%s: dry run names %q:\n%s", tc.from, tc.not, buf.String())
		}
	}
}
