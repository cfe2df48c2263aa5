package runner

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
)

func loadSpec(t *testing.T) *spec.Spec {
	t.Helper()
	s, err := spec.Load(filepath.Join("testdata", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSelect(t *testing.T) {
	t.Parallel()
	k := func(ks ...scenarios.Kind) []scenarios.Kind { return ks }
	for _, tc := range []struct {
		name  string
		kinds []scenarios.Kind
		items []string
		want  []scenarios.Kind
		err   string
	}{
		{"everything", nil, nil, scenarios.Kinds, ""},
		{"kinds as given", k(scenarios.NodeDrain, scenarios.PodTermination), nil, k(scenarios.NodeDrain, scenarios.PodTermination), ""},
		{"kinds by items", nil, []string{checks.ItemPDB, checks.ItemHPA}, k(scenarios.Autoscaling, scenarios.NodeDrain), ""},
		{"kinds and items", k(scenarios.PodTermination), []string{checks.ItemGracefulShutdown}, k(scenarios.PodTermination), ""},
		{"a kind judging none of the items", k(scenarios.PodTermination, scenarios.NodeDrain), []string{checks.ItemPDB}, nil, "scenario pod-termination judges none"},
		{"an item no chosen kind judges", k(scenarios.NodeDrain), []string{checks.ItemPDB, checks.ItemHPA}, nil, `item "HPA": judged by none`},
		{"unknown item", nil, []string{"uptime"}, nil, `unknown checklist item "uptime"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Select(tc.kinds, tc.items)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Select = %v, %v; want error %q", got, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Select (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewPlan(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination, scenarios.NetworkPolicy}, nil, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Scenarios) != 2 || p.Scenarios[0].Name != "pod-termination" || p.Scenarios[0].Target.Namespace != "web-test" {
		t.Errorf("scenarios = %+v", p.Scenarios)
	}
	if p.ProbeImage != "golive.local/netprobe:t1" {
		t.Errorf("probe image = %q", p.ProbeImage)
	}
	if !strings.Contains(string(p.Manifests.YAML), "image: example.local/web:t1") {
		t.Errorf("manifests do not name the built image:\n%s", p.Manifests.YAML)
	}
	if p, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, nil, "t1"); err != nil || p.ProbeImage != "" {
		t.Errorf("without network-policy: probe %q, %v", p.ProbeImage, err)
	}
}

func TestNewPlanNeeds(t *testing.T) {
	t.Parallel()
	for field, change := range map[string]func(*spec.Spec){
		"target.workPath": func(s *spec.Spec) { s.Target.WorkPath = "" },
		"target.hpa.min":  func(s *spec.Spec) { s.Target.HPA.Min = 0 },
	} {
		s := loadSpec(t)
		change(s)
		_, err := NewPlan(s, []scenarios.Kind{scenarios.Autoscaling}, nil, "t1")
		var fe *spec.FieldError
		if !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, spec.ErrRequired) {
			t.Errorf("autoscaling without %s: %v", field, err)
		}
		if _, err := NewPlan(s, []scenarios.Kind{scenarios.PodTermination}, nil, "t1"); err != nil {
			t.Errorf("pod-termination without %s: %v", field, err)
		}
	}
	if _, err := NewPlan(loadSpec(t), nil, nil, "t1"); err == nil {
		t.Error("a plan without scenarios: no error")
	}
}
