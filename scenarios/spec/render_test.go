package spec

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func loadGood(t *testing.T) *Spec {
	t.Helper()
	s, err := Load(filepath.Join("testdata", "good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRender(t *testing.T) {
	t.Parallel()
	s := loadGood(t)
	r, err := s.Render(s.ImageRefs("run1"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Deployment/web", "Service/web", "PodDisruptionBudget/web"}, r.Objects); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	y := string(r.YAML)
	for _, want := range []string{"image: example.local/web:run1", "image: docker.io/library/busybox:1.36"} {
		if !strings.Contains(y, want) {
			t.Errorf("rendered manifests lack %q:\n%s", want, y)
		}
	}
	if n := strings.Count(y, "namespace: web-test"); n != 3 {
		t.Errorf("%d objects in namespace web-test, want 3:\n%s", n, y)
	}
}

func TestRenderFindsWhatTheRunNeeds(t *testing.T) {
	t.Parallel()
	// The twin of the rows below: the Service's own port is found.
	s := loadGood(t)
	s.Target.NodePort, s.Target.Port = 0, 80
	if _, err := s.Render(nil); err != nil {
		t.Errorf("a target at its Service's port 80: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Spec)
		err    error
		field  string
	}{
		{"missing manifest", func(s *Spec) { s.Target.Manifests = []string{"app", "none.yaml"} }, ErrNotFound, "target.manifests[1]"},
		{"no such deployment", func(s *Spec) { s.Target.Deployment = "api" }, ErrNotFound, "target.deployment"},
		{"no service on the node port", func(s *Spec) { s.Target.NodePort = 30091 }, ErrNotFound, "target.nodePort"},
		{"no such Service port", func(s *Spec) { s.Target.NodePort, s.Target.Port = 0, 81 }, ErrNotFound, "target.port"},
		{"no such Service", func(s *Spec) { s.Target.NodePort, s.Target.Port, s.Target.Service = 0, 80, "front" }, ErrNotFound, "target.port"},
		{"pods lack the selector", func(s *Spec) { s.Target.Selector = map[string]string{"app": "api"} }, ErrNotFound, "target.selector"},
		{"a Namespace object", func(s *Spec) {
			s.Target.Manifests = append(s.Target.Manifests, writeFile(t, "kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n"))
		}, ErrInvalid, "target.manifests"},
		{"a broken file", func(s *Spec) { s.Target.Manifests = append(s.Target.Manifests, writeFile(t, "kind: [\n")) }, ErrInvalid, "target.manifests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := loadGood(t)
			tc.change(s)
			_, err := s.Render(nil)
			var fe *FieldError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("Render = %v, want %v on %s", err, tc.err, tc.field)
			}
		})
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "extra.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImageRefs(t *testing.T) {
	t.Parallel()
	got := loadGood(t).ImageRefs("t9")
	want := []Built{{"example.local/web", "example.local/web:t9"}, {"docker.io/library/busybox", "docker.io/library/busybox:1.36"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ImageRefs (-want +got):\n%s", diff)
	}
}

func TestSplitRef(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string][3]string{
		"web":                            {"web", "", ""},
		"web:v1":                         {"web", "v1", ""},
		"localhost:5000/shop/web":        {"localhost:5000/shop/web", "", ""},
		"localhost:5000/shop/web:v2":     {"localhost:5000/shop/web", "v2", ""},
		"web:v1@sha256:abc":              {"web", "v1", "sha256:abc"},
		"registry.k8s.io/pause@sha256:1": {"registry.k8s.io/pause", "", "sha256:1"},
	} {
		n, tag, d := splitRef(ref)
		if got := [3]string{n, tag, d}; got != want {
			t.Errorf("splitRef(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestCompile(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "hello")
	if err := Compile(context.Background(), "testdata", "./hello", out); err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatalf("not a Linux binary: %v", err)
	}
	defer f.Close()
	if interp := f.Section(".interp"); interp != nil {
		t.Error("binary has an ELF interpreter: not static")
	}
}

func TestCompileError(t *testing.T) {
	t.Parallel()
	err := Compile(context.Background(), "testdata", "./nowhere", filepath.Join(t.TempDir(), "x"))
	if err == nil || !strings.Contains(err.Error(), "./nowhere") || !bytes.Contains([]byte(err.Error()), []byte("running go build")) {
		t.Fatalf("Compile = %v, want an error naming the package with go's output", err)
	}
}

// TestCompileNeverTakesAFlag: a package that looks like a flag reaches go
// after "--", where go refuses it instead of running the program it names.
func TestCompileNeverTakesAFlag(t *testing.T) {
	t.Parallel()
	marker := filepath.Join(t.TempDir(), "ran")
	err := Compile(context.Background(), "testdata", "-toolexec=touch "+marker, filepath.Join(t.TempDir(), "x"))
	if err == nil || !strings.Contains(err.Error(), "malformed import path") {
		t.Errorf("Compile(-toolexec=…) = %v, want go's malformed import path", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the -toolexec program ran")
	}
}

func TestBuildImagesRejectsABadTag(t *testing.T) {
	t.Parallel()
	if _, err := loadGood(t).BuildImages(context.Background(), "bad tag"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("BuildImages = %v, want ErrInvalid", err)
	}
}

// A package given by its absolute folder builds from a spec anywhere: go
// runs in that folder, in the module that holds it (from the spec's own
// folder, outside any module, go found no go.mod).
func TestCompileAbsolute(t *testing.T) {
	t.Parallel()
	pkg, err := filepath.Abs(filepath.Join("testdata", "hello"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Compile(context.Background(), t.TempDir(), pkg, filepath.Join(t.TempDir(), "hello")); err != nil {
		t.Fatal(err)
	}
}
