package nodeimage

import (
	"errors"
	"strings"
	"testing"
)

func TestNewRecipeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version string
		want    error
	}{
		{"1.34.4", ErrBadVersion},
		{"v1.34", ErrBadVersion},
		{"latest", ErrBadVersion},
		{"v1.29.0", ErrUnsupportedVersion},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			t.Parallel()
			_, err := NewRecipe(tt.version, "v0.33.0", DefaultMirror)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRecipeKey(t *testing.T) {
	t.Parallel()
	base, err := NewRecipe("v1.34.4", "v0.33.0", DefaultMirror)
	if err != nil {
		t.Fatal(err)
	}
	if base.Key() != base.Key() {
		t.Fatal("key is not stable")
	}
	change := map[string]func(r *Recipe){
		"kubernetes patch": func(r *Recipe) { r.Kubernetes = "v1.34.3" },
		"kind":             func(r *Recipe) { r.KindVersion = "v0.32.0" },
		"mirror":           func(r *Recipe) { r.Mirror = "http://example.invalid/debian" },
		"etcd":             func(r *Recipe) { r.Etcd = "v3.6.4" },
		"packages":         func(r *Recipe) { r.NodePackages = append([]string{"vim"}, r.NodePackages...) },
	}
	for name, f := range change {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := base
			r.NodePackages = append([]string(nil), base.NodePackages...)
			f(&r)
			if r.Key() == base.Key() {
				t.Errorf("changing %s kept the key %s", name, base.Key())
			}
		})
	}
	if got := base.Tag(); !strings.HasPrefix(got, Repository+":v1.34.4-") {
		t.Errorf("Tag() = %q", got)
	}
	if got := base.StagingVersion(); got != "v0.34.4" {
		t.Errorf("StagingVersion() = %q", got)
	}
}

func TestKubernetesGoMod(t *testing.T) {
	t.Parallel()
	upstream := []byte(`module k8s.io/kubernetes

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/client-go => ./staging/src/k8s.io/client-go
	k8s.io/sample-controller => ./staging/src/k8s.io/sample-controller
	github.com/foo/bar => github.com/foo/bar v1.0.0
)
`)
	got, err := kubernetesGoMod(upstream, "v1.34.4", "v0.34.4")
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{"require k8s.io/kubernetes v1.34.4", "k8s.io/api => k8s.io/api v0.34.4", "k8s.io/client-go => k8s.io/client-go v0.34.4"} {
		if !strings.Contains(s, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, s)
		}
	}
	for _, bad := range []string{"sample-controller", "foo/bar"} {
		if strings.Contains(s, bad) {
			t.Errorf("go.mod has %q:\n%s", bad, s)
		}
	}
	if _, err := kubernetesGoMod([]byte("module x\n"), "v1.34.4", "v0.34.4"); err == nil {
		t.Error("want error when nothing is replaced")
	}
}

func TestVersionLDFlags(t *testing.T) {
	t.Parallel()
	got := versionLDFlags("v1.34.4")
	for _, want := range []string{
		"-X k8s.io/component-base/version.gitVersion=v1.34.4",
		"-X k8s.io/component-base/version.gitMinor=34",
		"-X k8s.io/client-go/pkg/version.gitMajor=1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("ldflags lack %q: %s", want, got)
		}
	}
}
