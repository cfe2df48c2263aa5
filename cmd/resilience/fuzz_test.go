package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golive/resilience/scenarios/spec"
)

// FuzzDryRun walks the CLI's whole input path without a cluster: spec
// bytes → decode → validate → plan (manifests rendered from testdata) →
// the dry run's printout. Whatever the bytes, it returns one line of error
// or a plan that prints. `go test` runs the seed corpus (this package's and
// scenarios/spec's testdata); fuzz with
//
//	go test -run '^$' -fuzz FuzzDryRun -fuzztime 10s ./cmd/resilience/
func FuzzDryRun(f *testing.F) {
	var seeds []string
	for _, glob := range []string{filepath.Join("testdata", "*.yaml"), filepath.Join("..", "..", "scenarios", "spec", "testdata", "*.yaml")} {
		paths, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, string(data))
		}
	}
	seeds = append(seeds, "", "target: {manifests: [/dev/zero]}\n", "slo: {availability: .nan}\n", "scale: -.inf\n",
		"target:\n  nodePort: 30090.5\n", "target:\n  images: [{name: a, build: -toolexec=x}]\n",
		"targets:\n- {namespace: a, manifests: [app], deployment: web, selector: {app: web}, nodePort: 30090, workPath: /w, hpa: {min: 2}}\n- {namespace: b, manifests: [app], deployment: web, selector: {app: web}, nodePort: 30091}\n")
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir, err := filepath.Abs("testdata")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := spec.Decode(data, dir)
		if err != nil {
			oneErrorLine(t, err)
			return
		}
		flags := &runFlags{dryRun: true, set: map[string]bool{}}
		plan, err := planRun(s, flags)
		if err != nil {
			oneErrorLine(t, err)
			return
		}
		var out bytes.Buffer
		out.WriteString(clusterPlan(s, flags))
		if err := plan.DryRun(context.Background(), &out); err != nil {
			t.Fatalf("a plan's dry run failed: %v", err)
		}
	})
}

// oneErrorLine fails when an error the CLI would print spans lines.
// Kustomize's own messages about a manifest may; a spec's may not.
func oneErrorLine(t *testing.T, err error) {
	t.Helper()
	if msg := err.Error(); strings.Contains(msg, "\n") && !strings.Contains(msg, "target.manifests") {
		t.Fatalf("error spans lines: %q", msg)
	}
}
