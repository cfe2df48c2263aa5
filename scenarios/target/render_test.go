package target

import (
	"errors"
	"strings"
	"testing"
)

func TestRenderEveryVariant(t *testing.T) {
	t.Parallel()
	twins, err := Twins()
	if err != nil {
		t.Fatal(err)
	}
	if len(twins) < 12 {
		t.Fatalf("%d twins, want at least 12", len(twins))
	}
	for _, tw := range append([]Twin{{Variant: Good}}, twins...) {
		t.Run(tw.Variant.String(), func(t *testing.T) {
			t.Parallel()
			if tw.Variant != Good && tw.Defect == "" {
				t.Error("overlay has no '# defect' description line")
			}
			out, err := Render(tw.Variant, "ns1", "golive.local/target:abc")
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			if !strings.Contains(s, "image: golive.local/target:abc") || !strings.Contains(s, "namespace: ns1") {
				t.Errorf("image or namespace not set:\n%s", s)
			}
		})
	}
}

func TestRenderUnknown(t *testing.T) {
	t.Parallel()
	if _, err := Render("nope", "ns", "x:y"); !errors.Is(err, ErrUnknownVariant) {
		t.Fatalf("err = %v", err)
	}
}

func TestRenderNodePort(t *testing.T) {
	out, err := Render(Good, "ns", "img:1", WithNodePort(30081))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "nodePort: 30081") || strings.Contains(string(out), "nodePort: 30080") {
		t.Errorf("service not moved to 30081:\n%s", out)
	}
}

// PreferNode adds a preferred node affinity and keeps a twin's own
// placement rule (one-node's pod affinity).
func TestRenderPreferNode(t *testing.T) {
	t.Parallel()
	for _, v := range []Variant{Good, "one-node"} {
		b, err := Render(v, "ns", "x:1", PreferNode("golive-suite-worker"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, "preferredDuringSchedulingIgnoredDuringExecution") || !strings.Contains(s, "- golive-suite-worker") {
			t.Errorf("%s: no preferred node affinity for golive-suite-worker:\n%s", v, s)
		}
		if v == "one-node" && !strings.Contains(s, "podAffinity") {
			t.Errorf("one-node lost its pod affinity:\n%s", s)
		}
	}
}
