package spec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/command"
)

// imageName is a repository name without tag or digest, e.g.
// "golive.local/target" or "localhost:5000/shop/web".
var imageName = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$`)

// imageTag is a Docker tag.
var imageTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// ValidTag tells whether tag is a Docker image tag.
func ValidTag(tag string) bool { return imageTag.MatchString(tag) }

// Built is an image ready to load into the nodes: the name the manifests
// write and the reference that replaces it.
type Built struct {
	Name, Ref string
}

func (s *Spec) validateImages() error {
	seen := map[string]bool{}
	for i, im := range s.Target.Images {
		f := fmt.Sprintf("target.images[%d]", i)
		switch {
		case im.Name == "":
			return s.FieldError(f+".name", fmt.Errorf("%w: the image as the manifests write it, without tag", ErrRequired))
		case !imageName.MatchString(im.Name):
			return s.FieldError(f+".name", fmt.Errorf("%w: %q is not an image name without tag", ErrInvalid, im.Name))
		case seen[im.Name]:
			return s.FieldError(f+".name", fmt.Errorf("%w: %q", ErrDuplicate, im.Name))
		case im.Build == "" && im.Load == "":
			return s.FieldError(f, fmt.Errorf("%w: build (a Go package) or load (a local image)", ErrRequired))
		case im.Build != "" && im.Load != "":
			return s.FieldError(f, fmt.Errorf("%w: build and load both set; choose one", ErrInvalid))
		}
		if im.Build != "" && !goPackage(im.Build) {
			return s.FieldError(f+".build", fmt.Errorf("%w: %q is not a Go package path (e.g. ./cmd/web): it must not start with - nor hold spaces or control characters",
				ErrInvalid, im.Build))
		}
		if im.Load != "" {
			if name, tag, digest := splitRef(im.Load); !imageName.MatchString(name) || tag != "" && !imageTag.MatchString(tag) ||
				digest != "" && !strings.HasPrefix(digest, "sha256:") {
				return s.FieldError(f+".load", fmt.Errorf("%w: %q is not an image reference", ErrInvalid, im.Load))
			}
		}
		seen[im.Name] = true
	}
	return nil
}

// goPackage reports whether v can be a Go package path or pattern as
// `go build` takes it, and never a flag: a spec comes from a repository,
// and `build: -toolexec=prog` would run prog.
func goPackage(v string) bool {
	return !strings.HasPrefix(v, "-") && !strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
}

// splitRef splits "host:5000/a/b:tag@sha256:…" into its name, tag and
// digest.
func splitRef(ref string) (name, tag, digest string) {
	name, digest, _ = strings.Cut(ref, "@")
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], name[i+1:]
	}
	return name, tag, digest
}

// ImageRefs returns every image of the spec with the reference it will
// have: built images are tagged tag, loaded ones keep theirs. It builds
// nothing.
func (s *Spec) ImageRefs(tag string) []Built {
	out := make([]Built, len(s.Target.Images))
	for i, im := range s.Target.Images {
		out[i] = Built{Name: im.Name, Ref: im.Load}
		if im.Build != "" {
			out[i].Ref = im.Name + ":" + tag
		}
	}
	return out
}

// BuildImages compiles each Go package of the spec statically
// (CGO_ENABLED=0, GOOS=linux, `go build` run in Dir) and makes it a
// FROM-scratch image tagged tag, then returns every image as ImageRefs does.
func (s *Spec) BuildImages(ctx context.Context, tag string) ([]Built, error) {
	if !imageTag.MatchString(tag) {
		return nil, fmt.Errorf("building images: %w: tag %q", ErrInvalid, tag)
	}
	refs := s.ImageRefs(tag)
	tmp, err := os.MkdirTemp("", "golive-build-")
	if err != nil {
		return nil, fmt.Errorf("building images: %w", err)
	}
	defer os.RemoveAll(tmp)
	for i, im := range s.Target.Images {
		if im.Build == "" {
			continue
		}
		bin := filepath.Join(tmp, fmt.Sprintf("app-%d", i))
		if err := Compile(ctx, s.Dir, im.Build, bin); err != nil {
			return nil, s.FieldError(fmt.Sprintf("target.images[%d].build", i), err)
		}
		if err := kind.ImageFromBinary(ctx, refs[i].Ref, bin); err != nil {
			return nil, s.FieldError(fmt.Sprintf("target.images[%d]", i), err)
		}
	}
	return refs, nil
}

// Compile builds the Go package pkg, as `go build` resolves it in dir,
// into a static Linux binary at out. pkg follows "--", so that it is only
// ever a package: go refuses "-x" there as a malformed import path. A
// package given as a folder (absolute, or ./ and ../ relative to dir) is
// built from that folder, in whatever module holds it. This compiles, and
// later runs, the user's own code.
func Compile(ctx context.Context, dir, pkg, out string) error {
	run, target := dir, pkg
	if filepath.IsAbs(pkg) || pkg == "." || pkg == ".." || strings.HasPrefix(pkg, "./") || strings.HasPrefix(pkg, "../") {
		run, target = filepath.Join(dir, pkg), "."
		if filepath.IsAbs(pkg) {
			run = pkg
		}
	}
	_, err := command.Cmd{Name: "go", Args: []string{"build", "-trimpath", "-ldflags", "-s -w", "-o", out, "--", target},
		Dir: run, Env: []string{"CGO_ENABLED=0", "GOOS=linux"}}.Run(ctx)
	if err != nil {
		return fmt.Errorf("building Go package %s: %w", pkg, err)
	}
	return nil
}
