package runner

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/scenarios"
)

// DryRun prints what Run would do — images, manifests, items, SLO and
// each scenario's plan as harness.DryRun prints it, for every target — and
// touches nothing.
func (p *Plan) DryRun(ctx context.Context, w io.Writer) error {
	s := p.Spec
	pf := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	pf("run %q: %d scenarios, seed %d, scale %g", s.Name, len(p.Kinds), s.Seed, s.Scale)
	plans := p.All()
	if len(plans) > 1 {
		pf("targets: %d side by side in every scenario, as tenants of one run", len(plans))
	}
	for _, q := range plans {
		for i, im := range q.Spec.Target.Images {
			how := "built from Go package " + im.Build
			if im.Load != "" {
				how = "loaded as it is"
			}
			pf("image: %s (%s)", q.Images[i].Ref, how)
		}
	}
	if p.ProbeImage != "" {
		pf("image: %s (the network probe, built from %s)", p.ProbeImage, "cmd/netprobe")
	}
	if p.AttackerImage != "" {
		pf("image: %s (the attackers, built from %s)", p.AttackerImage, "cmd/attacker")
	}
	pf("load from: %s", loadFrom(p))
	for _, q := range plans {
		pf("manifests: %s into namespace %s", strings.Join(q.Manifests.Objects, ", "), q.Spec.Target.Namespace)
	}
	items := "every item of the scenarios"
	if len(p.Items) > 0 {
		items = quote(p.Items)
	}
	pf("items: %s", items)
	a, p99 := s.SLO.Availability, s.SLO.P99
	if a == 0 {
		a = scenarios.Availability
	}
	if p99 == 0 {
		p99 = scenarios.P99
	}
	pf("slo: availability %g%%, p99 %s", 100*a, p99)
	for _, k := range scenarios.Kinds {
		if why, ok := p.NotRun[k]; ok {
			pf("not run: %s (%s)", k, why)
		}
	}
	for i := range p.Scenarios {
		pf("\n[%d/%d] %s", i+1, len(p.Scenarios), p.Kinds[i])
		var ss []harness.Scenario
		for _, q := range plans {
			ss = append(ss, q.Scenarios[i])
		}
		if _, err := harness.RunAll(ctx, nil, ss, harness.DryRun(w)); err != nil {
			return fmt.Errorf("scenario %s: %w", p.Kinds[i], err)
		}
	}
	return nil
}
