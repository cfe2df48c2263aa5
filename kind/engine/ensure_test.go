package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// With no docker client, no dockerd and no apt-get on PATH, Ensure gives up
// with one line that names the missing engine and what to do.
func TestEnsureNoEngineNoInstaller(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := Ensure(context.Background())
	if !errors.Is(err, ErrNoEngine) {
		t.Fatalf("err = %v, want ErrNoEngine", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "Docker engine") || !strings.Contains(msg, "apt-get not found") {
		t.Errorf("want one line naming the engine and the missing installer, got %q", msg)
	}
}
