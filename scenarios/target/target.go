// Package target is the go-live suite's demo app as a deployable unit: its
// kustomize base (the app done right) and one overlay per known
// anti-pattern (the defect twins), rendered for a namespace and an image,
// and the FROM-scratch image built from cmd/target.
package target

import (
	"bufio"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/resid"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/scenarios/internal/kustomize"
)

//go:embed manifests
var manifests embed.FS

// Good is the variant without defects.
const Good Variant = ""

// ImageName is the image the base manifests name; Render replaces it.
const ImageName = "golive.local/target"

// Package is the Go package of the target's main.
const Package = "github.com/golive/resilience/cmd/target"

// ErrUnknownVariant is returned for a variant with no overlay.
var ErrUnknownVariant = errors.New("unknown target variant")

// Variant names a defect twin (an overlay), or Good.
type Variant string

func (v Variant) String() string {
	if v == Good {
		return "good"
	}
	return string(v)
}

// Twin is one defect variant and what is wrong with it.
type Twin struct {
	Variant Variant
	Defect  string
}

// Twins lists every defect variant with its description, sorted by name.
func Twins() ([]Twin, error) {
	entries, err := fs.ReadDir(manifests, "manifests/overlays")
	if err != nil {
		return nil, fmt.Errorf("listing target overlays: %w", err)
	}
	var out []Twin
	for _, e := range entries {
		f, err := manifests.Open(path.Join("manifests/overlays", e.Name(), "kustomization.yaml"))
		if err != nil {
			return nil, fmt.Errorf("overlay %s: %w", e.Name(), err)
		}
		defect := ""
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "# "); ok {
				defect = d
				break
			}
		}
		f.Close()
		out = append(out, Twin{Variant: Variant(e.Name()), Defect: defect})
	}
	return out, nil
}

// RenderOption changes what Render produces.
type RenderOption func(*types.Kustomization)

// WithNodePort moves the Service's NodePort (30080 in the base) to port,
// so that several variants can run side by side.
func WithNodePort(port int) RenderOption {
	return func(k *types.Kustomization) {
		k.Patches = append(k.Patches, types.Patch{
			Target: &types.Selector{ResId: resid.ResId{Gvk: resid.Gvk{Kind: "Service"}, Name: "target"}},
			Patch:  fmt.Sprintf(`[{"op":"replace","path":"/spec/ports/0/nodePort","value":%d}]`, port),
		})
	}
}

// PreferNode makes the scheduler prefer node for the target's pods (a
// preferred node affinity: spread rules and the twins' own placement
// rules still win). Runs that share one node fault among several variants
// use it so that the fault reaches every variant.
func PreferNode(node string) RenderOption {
	return func(k *types.Kustomization) {
		k.Patches = append(k.Patches, types.Patch{
			Target: &types.Selector{ResId: resid.ResId{Gvk: resid.Gvk{Group: "apps", Version: "v1", Kind: "Deployment"}, Name: "target"}},
			Patch: fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: target
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            preference:
              matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [%q]}
`, node),
		})
	}
}

// Render returns the manifests of a variant with every object in namespace
// and the target image replaced by image (name:tag).
func Render(v Variant, namespace, image string, opts ...RenderOption) ([]byte, error) {
	dir := "manifests/base"
	if v != Good {
		dir = "manifests/overlays/" + string(v)
		if _, err := fs.Stat(manifests, dir); err != nil {
			return nil, fmt.Errorf("%w: %q", ErrUnknownVariant, v)
		}
	}
	mem := filesys.MakeFsInMemory()
	err := fs.WalkDir(manifests, "manifests", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := manifests.ReadFile(p)
		if err != nil {
			return err
		}
		return mem.WriteFile("/"+p, b)
	})
	if err != nil {
		return nil, fmt.Errorf("loading target manifests: %w", err)
	}
	name, tag, _ := strings.Cut(image, ":")
	k := types.Kustomization{
		TypeMeta:  types.TypeMeta{APIVersion: types.KustomizationVersion, Kind: types.KustomizationKind},
		Namespace: namespace,
		Resources: []string{"../" + dir},
		Images:    []types.Image{{Name: ImageName, NewName: name, NewTag: tag}},
	}
	for _, o := range opts {
		o(&k)
	}
	top, err := yamlOf(k)
	if err != nil {
		return nil, err
	}
	if err := mem.WriteFile("/render/kustomization.yaml", top); err != nil {
		return nil, err
	}
	res, err := kustomize.Run(mem, "/render")
	if err != nil {
		return nil, fmt.Errorf("rendering target %s: %w", v, err)
	}
	out, err := res.AsYaml()
	if err != nil {
		return nil, fmt.Errorf("rendering target %s: %w", v, err)
	}
	return out, nil
}

// BuildImage compiles cmd/target statically and makes it a FROM-scratch
// image tagged ref.
func BuildImage(ctx context.Context, ref string) error {
	return kind.ImageFromPackage(ctx, ref, Package)
}
