package main

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/golive/resilience/scenarios/spec"
)

//go:embed demo.yaml
var demoSpec []byte

// modulePath is this repository's module; the demo spec's paths point
// into it.
const modulePath = "github.com/golive/resilience"

// errNoRepository: the embedded demo builds from the repository's source.
var errNoRepository = errors.New("the demo spec builds the demo target from this repository's source: run inside the repository, or pass -spec")

// loadSpec reads the spec file, or the embedded demo spec when path is
// empty; the demo's paths are relative to cmd/resilience of the
// repository around the working directory.
func loadSpec(ctx context.Context, path string) (*spec.Spec, error) {
	if path != "" {
		return spec.LoadContext(ctx, path)
	}
	root, err := repositoryRoot()
	if err != nil {
		return nil, err
	}
	s, err := spec.Decode(demoSpec, filepath.Join(root, "cmd", "resilience"))
	if err != nil {
		return nil, fmt.Errorf("embedded demo spec: %w", err)
	}
	return s, nil
}

// repositoryRoot walks up from the working directory to the go.mod of
// this module.
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			first := sc.Scan() && strings.TrimSpace(sc.Text()) == "module "+modulePath
			f.Close()
			if first {
				return dir, nil
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errNoRepository
		}
		dir = up
	}
}
