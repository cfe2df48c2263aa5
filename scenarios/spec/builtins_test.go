package spec

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/scenarios"
)

// TestBuiltinsAsUserScenarios: every built-in scenario, written out by
// BuiltinsYAML, renamed and read back as a user's `scenarios:`, builds the
// very scenario the suite runs — one format and one path for both.
func TestBuiltinsAsUserScenarios(t *testing.T) {
	t.Parallel()
	out, err := BuiltinsYAML()
	if err != nil {
		t.Fatal(err)
	}
	renamed := regexp.MustCompile(`(?m)^(\s*- )name: `).ReplaceAllString(string(out), "${1}name: my-")
	doc := minimal + `  dependency:
    service: store
    selector: {app: store}
    paths: [{path: /dependency}]
    timeout: 2s
  state: {write: "/state/{key}", read: "/state/{key}"}
` + renamed
	s, err := Decode([]byte(doc), "/specs")
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	cfg := s.Config()
	customs := map[string]scenarios.Custom{}
	for _, c := range s.Customs() {
		customs[c.Name] = c
	}
	for _, k := range scenarios.Kinds {
		c, ok := customs["my-"+string(k)]
		if !ok {
			t.Fatalf("%s: not in the written scenarios:\n%s", k, out)
		}
		want, err := scenarios.New(k, cfg)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		got, err := c.Build(cfg)
		if err != nil {
			t.Fatalf("%s as written: %v", k, err)
		}
		got.Name = want.Name
		if diff := cmp.Diff(render(t, want), render(t, got)); diff != "" {
			t.Errorf("%s as written builds another scenario (-built-in +as written):\n%s", k, diff)
		}
	}
}

// render prints a scenario's plan, gates, load and checks with their bars.
func render(t *testing.T, s harness.Scenario) string {
	t.Helper()
	var b strings.Builder
	if _, err := harness.RunAll(context.Background(), nil, []harness.Scenario{s}, harness.DryRun(&b)); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "steady: %+v\nload: %+v\n", s.Steady, s.Load)
	for _, c := range s.Checks {
		fmt.Fprintf(&b, "check %T %+v\n", c, c)
	}
	return b.String()
}
