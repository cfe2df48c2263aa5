package nodeimage

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A node image of ours needs no enforcer; any other image gets kube-router
// at the version ours runs, pulled from Docker Hub.
func TestEnforcer(t *testing.T) {
	if testing.Short() {
		t.Skip("reads images from Docker and kube-router's module; skipped under -short")
	}
	if err := exec.Command("docker", "info").Run(); err != nil {
		t.Skip("no Docker engine answers")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	m, err := Enforcer(ctx, "kindest/node:v1.34.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kind: DaemonSet", "image: docker.io/cloudnativelabs/kube-router:v2.1.0", "--run-firewall=true"} {
		if !strings.Contains(m, want) {
			t.Errorf("enforcer manifest for a published image lacks %q", want)
		}
	}
	out, _ := exec.CommandContext(ctx, "docker", "images", "--filter", "label="+LabelKey, "--format", "{{.Repository}}:{{.Tag}}").Output()
	ours, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if ours == "" {
		t.Skip("no offline node image is built here")
	}
	if m, err := Enforcer(ctx, ours); err != nil || m != "" {
		t.Errorf("Enforcer(%s) = %d bytes, %v; want none: its default CNI enforces", ours, len(m), err)
	}
}
