package harness

import (
	"context"
	"errors"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
)

func TestGuard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		nodes   []runtime.Object
		allow   map[string]bool
		wantErr error
	}{
		{name: "ours", nodes: []runtime.Object{ourNode("a", true), ourNode("b", true)}},
		{name: "one foreign node", nodes: []runtime.Object{ourNode("a", true), ourNode("b", false)}, wantErr: ErrNotOurs},
		{name: "foreign but allowed", nodes: []runtime.Object{ourNode("a", false)}, allow: map[string]bool{"kind-golive": true}},
		{name: "another context allowed", nodes: []runtime.Object{ourNode("a", false)}, allow: map[string]bool{"kind-other": true}, wantErr: ErrNotOurs},
		{name: "no nodes", wantErr: ErrNotOurs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Guard(context.Background(), fake.NewClientset(tt.nodes...), "kind-golive", tt.allow)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Guard = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
