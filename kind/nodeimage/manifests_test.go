package nodeimage

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// kindModuleDir finds the kind module this package is built with in the
// module cache (go test runs with the module graph resolved).
func kindModuleDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "sigs.k8s.io", "kind@"+KindVersion())
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("kind module not in the module cache: %v", err)
	}
	return dir
}

func TestReadKindStorage(t *testing.T) {
	t.Parallel()
	s, err := readKindStorage(kindModuleDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Manifest, "image: "+s.ProvisionerImage) || !strings.Contains(s.Manifest, "kind: StorageClass") {
		t.Errorf("manifest does not name the provisioner image %q or a StorageClass", s.ProvisionerImage)
	}
	if !strings.Contains(s.HelperImage, "local-path-helper") {
		t.Errorf("helper image = %q", s.HelperImage)
	}
}

func TestEvalStringConstsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.go")
	if err := os.WriteFile(bad, []byte("package x\nconst a = b + \"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := evalStringConsts(bad); err == nil {
		t.Error("want error for an undefined constant")
	}
	if _, err := readKindStorage(dir); err == nil {
		t.Error("want error when the kind file is missing")
	}
}

func TestKubeRouterManifest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "daemonset"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "containers:\n- name: kube-router\n  image: docker.io/cloudnativelabs/kube-router\n  imagePullPolicy: Always\n"
	if err := os.WriteFile(filepath.Join(dir, "daemonset", "generic-kuberouter.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := kubeRouterManifest(dir, "docker.io/cloudnativelabs/kube-router:v2.1.0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "image: docker.io/cloudnativelabs/kube-router:v2.1.0\n") || !strings.Contains(got, "IfNotPresent") {
		t.Errorf("manifest not rewritten:\n%s", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "daemonset", "generic-kuberouter.yaml"), []byte("kind: DaemonSet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := kubeRouterManifest(dir, "x"); err == nil {
		t.Error("want error when the manifest changed shape upstream")
	}
}

func TestRestrictOOMScoreAdj(t *testing.T) {
	t.Parallel()
	got, err := restrictOOMScoreAdj("[plugins]\n  restrict_oom_score_adj = false\n")
	if err != nil || !strings.Contains(got, "restrict_oom_score_adj = true") {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := restrictOOMScoreAdj("version = 3\n"); err == nil {
		t.Error("want error when the setting is absent")
	}
}
