package prove

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/runner"
)

var testSpec = filepath.Join("testdata", "golive.yaml")

func TestNewPlan(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		spec      string // default testSpec
		items     []string
		opts      []Option
		wantKinds []scenarios.Kind
		wantItems []string
		wantScale float64
		wantSeed  int64
	}{
		{name: "the spec's items", wantKinds: []scenarios.Kind{scenarios.PodTermination},
			wantItems: []string{checks.ItemGracefulShutdown}, wantScale: 1},
		{name: "items given", items: []string{checks.ItemPDB}, wantKinds: []scenarios.Kind{scenarios.NodeDrain},
			wantItems: []string{checks.ItemPDB}, wantScale: 1},
		{name: "scenarios chosen", items: []string{checks.ItemGracefulShutdown, checks.ItemSLO}, opts: []Option{Scenarios(scenarios.PodTermination)},
			wantKinds: []scenarios.Kind{scenarios.PodTermination}, wantItems: []string{checks.ItemGracefulShutdown, checks.ItemSLO}, wantScale: 1},
		{name: "scale and seed", items: []string{checks.ItemGracefulShutdown}, opts: []Option{Scale(0.5), Seed(7)},
			wantKinds: []scenarios.Kind{scenarios.PodTermination}, wantItems: []string{checks.ItemGracefulShutdown}, wantScale: 0.5, wantSeed: 7},
		{name: "a scenario the spec composes", spec: filepath.Join("testdata", "custom.yaml"), items: []string{checks.ItemSLO},
			opts: []Option{Scenarios("dns-down")}, wantKinds: []scenarios.Kind{"dns-down"}, wantItems: []string{checks.ItemSLO}, wantScale: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := testSpec
			if tc.spec != "" {
				path = tc.spec
			}
			p, err := newPlan(context.Background(), path, tc.items, newConfig(tc.opts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantKinds, p.Kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantItems, p.Items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if p.Spec.Scale != tc.wantScale || p.Spec.Seed != tc.wantSeed {
				t.Errorf("scale, seed = %g, %d, want %g, %d", p.Spec.Scale, p.Spec.Seed, tc.wantScale, tc.wantSeed)
			}
			if !strings.Contains(string(p.Manifests.YAML), "namespace: prove-test") {
				t.Errorf("manifests not rendered into the target namespace:\n%s", p.Manifests.YAML)
			}
		})
	}
}

func TestNewPlanRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		spec  string
		items []string
		opts  []Option
		want  string
		is    error
	}{
		{name: "unknown item", spec: testSpec, items: []string{"uptime"}, want: `unknown checklist item "uptime"`, is: runner.ErrUnknownItem},
		{name: "scenario judging none", spec: testSpec, items: []string{checks.ItemPDB},
			opts: []Option{Scenarios(scenarios.PodTermination)}, want: "scenario pod-termination judges none of the items"},
		{name: "bad scale", spec: testSpec, opts: []Option{Scale(-1)}, want: "scale"},
		{name: "scenario the spec cannot run", spec: testSpec, items: []string{checks.ItemProbes},
			opts: []Option{Scenarios(scenarios.PodTermination, scenarios.DependencyOutage)}, want: "target.dependency"},
		{name: "no spec", spec: filepath.Join("testdata", "missing.yaml"), want: "missing.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := newPlan(context.Background(), tc.spec, tc.items, newConfig(tc.opts))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("newPlan: %v, want an error with %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("newPlan: %v, want errors.Is %v", err, tc.is)
			}
		})
	}
}
