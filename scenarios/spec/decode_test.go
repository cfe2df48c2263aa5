package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLoadGood(t *testing.T) {
	t.Parallel()
	got, err := Load(filepath.Join("testdata", "good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs("testdata")
	want := &Spec{
		Name:    "web nightly",
		Cluster: Cluster{Name: "golive-web", Workers: 3},
		Target: Target{
			Namespace: "web-test",
			Manifests: []string{"app", "pdb.yaml"},
			Images: []Image{{Name: "example.local/web", Build: "./hello"},
				{Name: "docker.io/library/busybox", Load: "docker.io/library/busybox:1.36"}},
			Deployment: "web",
			Selector:   map[string]string{"app": "web"},
			NodePort:   30090,
			Paths:      []Path{{Path: "/", Weight: 9}, {Path: "/slow?ms=300", Weight: 1}},
			WorkPath:   "/work?ms=20",
			Rate:       50,
			MinReady:   2,
			HPA:        HPA{Min: 4, Back: 3},
		},
		Load:  LoadFrom{From: LoadCluster, Attackers: 2},
		SLO:   SLO{Availability: 0.995, P99: 800 * time.Millisecond},
		Items: []string{"graceful shutdown", "PDB"},
		Scale: 2,
		Seed:  7,
		Dir:   dir,
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Spec{})); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	if l := got.Line("target.images[1].load"); l != 15 {
		t.Errorf("line of target.images[1].load = %d, want 15", l)
	}
}

func TestDecodeDefaults(t *testing.T) {
	t.Parallel()
	s, err := Decode([]byte(minimal), "/specs")
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{Name: DefaultName, Cluster: Cluster{Name: "golive", Workers: 2},
		Target: Target{Namespace: "shop", Manifests: []string{"app"}, Deployment: "web",
			Selector: map[string]string{"app": "web"}, NodePort: 30090,
			Paths: []Path{{Path: "/", Weight: 1}}, Rate: DefaultRate, MinReady: DefaultMinReady},
		Load: LoadFrom{From: LoadLocal}, Scale: 1, Dir: "/specs"}
	if diff := cmp.Diff(want, *s, cmpopts.IgnoreUnexported(Spec{})); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

// minimal is the smallest valid spec; the error cases change one line.
const minimal = `target:
  namespace: shop
  manifests: [app]
  deployment: web
  selector: {app: web}
  nodePort: 30090
`

func TestDecodeStrict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, yaml string
		err        error
		field      string
		line       int
	}{
		{"unknown top-level field", minimal + "seeds: 3\n", ErrUnknownField, "seeds", 7},
		{"unknown nested field", strings.Replace(minimal, "  deployment: web\n", "  deployment: web\n  imagez: []\n", 1), ErrUnknownField, "target.imagez", 5},
		{"unknown field in a list", minimal + "  images:\n  - name: a\n    tag: v1\n", ErrUnknownField, "target.images[0].tag", 9},
		{"wrong scalar type", strings.Replace(minimal, "30090", "high", 1), ErrType, "target.nodePort", 6},
		{"duration as a number", minimal + "slo:\n  p99: 1500\n", ErrType, "slo.p99", 8},
		{"wrong type among others on its line", minimal + "  hpa: {back: 3, min: many}\n", ErrType, "target.hpa.min", 7},
		{"list where a mapping goes", minimal + "slo: [1]\n", ErrType, "slo", 7},
		{"mapping where a list goes", minimal + "items: {a: b}\n", ErrType, "items", 7},
		{"mapping where a value goes", minimal + "seed: {a: 1}\n", ErrType, "seed", 7},
		{"second document", minimal + "---\nname: x\n", ErrInvalid, "---", 7},
		{"not a mapping", "- a\n", ErrType, "spec", 1},
		{"empty", "", ErrEmpty, "", 0},
		{"only a comment", "# nothing\n", ErrEmpty, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkErr(t, tc.yaml, tc.err, tc.field, tc.line)
		})
	}
}

func TestDecodeSyntaxError(t *testing.T) {
	t.Parallel()
	_, err := Decode([]byte("target:\n  namespace: [a\n"), "/")
	if err == nil || !strings.Contains(err.Error(), "line") {
		t.Fatalf("Decode = %v, want a syntax error naming its line", err)
	}
}

func checkErr(t *testing.T, yaml string, want error, field string, line int) {
	t.Helper()
	_, err := Decode([]byte(yaml), "/")
	if !errors.Is(err, want) {
		t.Fatalf("Decode = %v, want %v", err, want)
	}
	if field == "" {
		return
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("Decode = %v (%T), want a *FieldError", err, err)
	}
	if fe.Field != field || fe.Line != line {
		t.Errorf("error on %s line %d, want %s line %d: %v", fe.Field, fe.Line, field, line, err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error spans lines: %q", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load = %v, want ErrNotExist", err)
	}
}
