package controlplane

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/golive/resilience/kind"
	"k8s.io/client-go/kubernetes/fake"
)

// TestSweepVanishedControlPlane checks that a control-plane container
// removed after the nodes were listed is clean, while any other failure to
// list its processes still is an error naming it.
func TestSweepVanishedControlPlane(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answer  error
		wantErr bool
	}{
		{"container gone", errors.New("Error response from daemon: No such container: cp"), false},
		{"daemon refuses", errors.New("permission denied while trying to connect to the Docker daemon socket"), true},
	}
	for _, tt := range tests {
		eng := &fakeengine.Engine{Handler: func(string) ([]byte, error) { return nil, tt.answer }}
		env := &fault.Env{Client: fake.NewClientset(), Engine: eng, Nodes: []kind.Node{{Name: "cp", Role: kind.ControlPlane}}}
		_, err := Sweep(context.Background(), env, false)
		if tt.wantErr != (err != nil) || err != nil && !strings.Contains(err.Error(), "on cp:") {
			t.Errorf("%s: Sweep error = %v, want error %v naming cp", tt.name, err, tt.wantErr)
		}
	}
}
