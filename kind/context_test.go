package kind

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const twoContexts = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://10.0.0.1:6443"}
contexts:
- name: prod
  context: {cluster: prod, user: me}
current-context: prod
users:
- name: me
  user: {token: x}
`

func TestAttachContextRefusals(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(twoContexts), 0o600); err != nil {
		t.Fatal(err)
	}
	p := NewProvider(WithKubeconfigDir(t.TempDir()))
	_, err := p.AttachContext(context.Background(), path, "")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `"prod"`) {
		t.Errorf("current context prod = %v, want ErrNotFound naming it", err)
	}
	_, err = p.AttachContext(context.Background(), path, "kind-nope")
	if err == nil || !strings.Contains(err.Error(), `no context "kind-nope"`) {
		t.Errorf("missing context = %v", err)
	}
}
