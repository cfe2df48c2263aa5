package scenarios

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
)

var update = flag.Bool("update", false, "rewrite testdata/builtin.golden")

// TestBuiltinGolden prints every built-in scenario for the demo target —
// its plan as a dry run shows it and each check with its parameters — at
// scale 1 and 2: the record that the built-ins keep their phases,
// schedules, gates and bars when their definition moves.
func TestBuiltinGolden(t *testing.T) {
	var b strings.Builder
	for _, scale := range []float64{1, 2} {
		for _, k := range Kinds {
			s, err := New(k, Config{Target: Demo("golden"), Seed: 7, Scale: scale, ProbeImage: "probe:golden"})
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			fmt.Fprintf(&b, "== %s, scale %g\n", k, scale)
			if _, err := harness.RunAll(context.Background(), nil, []harness.Scenario{s}, harness.DryRun(&b)); err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			fmt.Fprintf(&b, "steady: %+v\nload: %+v\ntarget: %+v\n", s.Steady, s.Load, s.Target)
			for _, c := range s.Checks {
				fmt.Fprintf(&b, "check %T %+v\n", c, c)
			}
		}
	}
	path := filepath.Join("testdata", "builtin.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("built-in scenarios (-want +got):\n%s", diff)
	}
}
