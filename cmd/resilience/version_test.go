package main

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/kind/nodeimage"
)

func TestVersions(t *testing.T) {
	t.Parallel()
	k8s := nodeimage.DefaultKubernetesVersion + " (the node image's)"
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want [][2]string
	}{
		{"released, clean", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Version: "v0.4.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.modified", Value: "false"}},
			Deps:     []*debug.Module{{Path: "k8s.io/client-go", Version: "v0.35.3"}, {Path: "sigs.k8s.io/kind", Version: "v0.33.0"}}},
			[][2]string{{"resilience", "v0.4.0"}, {"commit", "0123abc"}, {"go", "go1.26.1"}, {"kind", "sigs.k8s.io/kind v0.33.0"}, {"kubernetes", k8s}}},
		{"a dirty tree", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.modified", Value: "true"}},
			Deps:     []*debug.Module{{Path: "sigs.k8s.io/kind", Version: "v0.33.0", Replace: &debug.Module{Path: "../kind", Version: ""}}}},
			[][2]string{{"resilience", "(devel)"}, {"commit", "0123abc (dirty: uncommitted changes)"}, {"go", "go1.26.1"},
				{"kind", "sigs.k8s.io/kind v0.33.0 => ../kind "}, {"kubernetes", k8s}}},
		{"no build info", nil,
			[][2]string{{"resilience", "(devel)"}, {"commit", "unknown (the build has no VCS information)"}, {"go", "unknown"},
				{"kind", "sigs.k8s.io/kind unknown"}, {"kubernetes", k8s}}},
	} {
		if diff := cmp.Diff(tc.want, versions(tc.bi)); diff != "" {
			t.Errorf("%s: versions (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, "version")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"resilience: ", "\ngo:         go1.", "\nkind:       sigs.k8s.io/kind v", "\nkubernetes: " + nodeimage.DefaultKubernetesVersion} {
		if !strings.Contains(stdout, want) {
			t.Errorf("version lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, _ := runCLI(t, "version", "now"); code != exitUsage {
		t.Errorf("version now: exit %d, want %d", code, exitUsage)
	}
}
