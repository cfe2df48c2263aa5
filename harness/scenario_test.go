package harness

import (
	"errors"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/loadgen"
)

func TestScenarioValidate(t *testing.T) {
	t.Parallel()
	ok := scenario(At(0, pod.Delete{}))
	tests := []struct {
		name    string
		edit    func(*Scenario)
		wantErr error
	}{
		{name: "valid", edit: func(*Scenario) {}},
		{name: "no load is fine", edit: func(s *Scenario) { s.Load = loadgen.Plan{}; s.Target.Port = 0 }},
		{name: "no name", edit: func(s *Scenario) { s.Name = "" }, wantErr: ErrNoName},
		{name: "no namespace", edit: func(s *Scenario) { s.Target.Namespace = "" }, wantErr: ErrNoNamespace},
		{name: "no selector", edit: func(s *Scenario) { s.Target.Selector = nil }, wantErr: ErrNoSelector},
		{name: "remote URL", edit: func(s *Scenario) { s.Target.URL = "http://10.0.0.1/" }, wantErr: ErrNotLoopback},
		{name: "remote load target", edit: func(s *Scenario) { s.Load.Targets = []loadgen.Target{{URL: "http://example.com/"}} }, wantErr: ErrNotLoopback},
		{name: "a Service's in-cluster name", edit: func(s *Scenario) {
			s.Load.Targets = []loadgen.Target{{URL: "http://web.shop.svc.cluster.local:80/"}}
		}},
		{name: "not a Service's name", edit: func(s *Scenario) {
			s.Load.Targets = []loadgen.Target{{URL: "http://evil.svc.cluster.local.example.com/"}}
		}, wantErr: ErrNotLoopback},
		{name: "bad load plan", edit: func(s *Scenario) { s.Load.Pacing = loadgen.Constant{} }, wantErr: loadgen.ErrZeroRate},
		{name: "negative phase", edit: func(s *Scenario) { s.Phases.Recovery = -time.Second }, wantErr: ErrBadDuration},
		{name: "fault after the phase", edit: func(s *Scenario) { s.Schedule.Steps[0].At = time.Hour }, wantErr: ErrOutsidePhase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := ok
			s.Target.Selector = map[string]string{"app": "web"}
			s.Schedule.Steps = append([]Step(nil), ok.Schedule.Steps...)
			tt.edit(&s)
			if err := s.Validate(); !errors.Is(err, tt.wantErr) {
				t.Fatalf("Validate = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestLoadURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target Target
		want   string
	}{
		{Target{Port: 30080}, "http://127.0.0.1:30080/"},
		{Target{Port: 30080, Path: "/healthz"}, "http://127.0.0.1:30080/healthz"},
		{Target{Port: 30080, URL: "http://localhost:8080/x"}, "http://localhost:8080/x"},
		{Target{}, ""},
	}
	for _, tt := range tests {
		if got := tt.target.LoadURL(); got != tt.want {
			t.Errorf("%+v: LoadURL = %q, want %q", tt.target, got, tt.want)
		}
	}
}
