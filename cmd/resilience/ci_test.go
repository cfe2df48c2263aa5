package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/golive/resilience/reports"
)

// The CI workflow users copy (examples/ci/nightly.yml) runs this CLI's
// `run` with a spec on a schedule, and publishes the report files the CLI
// writes under the -out it gives.
func TestCIWorkflow(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "ci", "nightly.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On map[string]any `json:"on"`
		// YAML 1.1 reads an unquoted on: as true; GitHub reads it as "on".
		OnAsBool map[string]any `json:"true"`
		Jobs     map[string]struct {
			Steps []struct {
				Name string            `json:"name"`
				Uses string            `json:"uses"`
				Run  string            `json:"run"`
				If   string            `json:"if"`
				With map[string]string `json:"with"`
			} `json:"steps"`
		} `json:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("nightly.yml: %v", err)
	}
	_, on := wf.On["schedule"]
	_, onBool := wf.OnAsBool["schedule"]
	if !on && !onBool {
		t.Error("nightly.yml: no schedule trigger")
	}
	job, ok := wf.Jobs["prove"]
	if !ok {
		t.Fatal("nightly.yml: no job prove")
	}
	var out string
	var uploaded, published bool
	for _, s := range job.Steps {
		if strings.Contains(s.Run, "cmd/resilience") {
			f := strings.Fields(strings.ReplaceAll(s.Run, "\\\n", " "))
			for i, w := range f {
				if w == "-out" && i+1 < len(f) {
					out = f[i+1]
				}
			}
			if !strings.Contains(s.Run, " run -spec ") {
				t.Errorf("step %q: want `run -spec`", s.Name)
			}
		}
	}
	if out == "" {
		t.Fatal("nightly.yml: no `resilience run ... -out DIR` step")
	}
	for _, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			uploaded = s.If == "always()" && strings.TrimSuffix(s.With["path"], "/") == out
		case strings.HasPrefix(s.Uses, "mikepenz/action-junit-report@"):
			published = s.If == "always()" && s.With["report_paths"] == out+"/"+reports.FileJUnit
		}
	}
	if !uploaded || !published {
		t.Errorf("nightly.yml: report %s uploaded always: %v; %s published always: %v", out, uploaded, reports.FileJUnit, published)
	}
}
