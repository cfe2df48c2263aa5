package static_test

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/scenarios/target"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkVariant renders a variant of the demo target in namespace shop and
// judges it.
func checkVariant(t *testing.T, v target.Variant) []harness.Verdict {
	t.Helper()
	m, err := target.Render(v, "shop", "golive.local/target:v1")
	if err != nil {
		t.Fatal(err)
	}
	// The target only: the demo's store (a one-replica Deployment it
	// calls) is not what the twins vary.
	vs, err := static.Check(m, static.Workload(timeline.Ref{Kind: "Deployment", Namespace: "shop", Name: "target"}))
	if err != nil {
		t.Fatalf("Check(%s): %v", v, err)
	}
	return vs
}

// TestTargetGolden keeps every verdict on every variant, reasons and
// evidence included, in testdata/target.golden for review; run with
// -update after a deliberate change.
func TestTargetGolden(t *testing.T) {
	t.Parallel()
	twins, err := target.Twins()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tw := range append([]target.Twin{{Variant: target.Good, Defect: "no defect"}}, twins...) {
		fmt.Fprintf(&b, "== %s: %s\n", tw.Variant, tw.Defect)
		for _, v := range checkVariant(t, tw.Variant) {
			fmt.Fprintf(&b, "%-4s  %s | %s\n", v.Status, v.Item, v.Reason)
			var ev []string
			for _, k := range slices.Sorted(maps.Keys(v.Evidence.Counts)) {
				ev = append(ev, k+"="+strconv.FormatFloat(v.Evidence.Counts[k], 'f', -1, 64))
			}
			for _, o := range v.Evidence.Objects {
				ev = append(ev, o.String())
			}
			fmt.Fprintf(&b, "      %s\n", strings.Join(ev, " "))
		}
	}
	path := filepath.Join("testdata", "target.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("verdicts differ from %s (-want +got):\n%s", path, diff)
	}
}
