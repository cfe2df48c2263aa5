package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"text/tabwriter"

	"github.com/golive/resilience/kind/nodeimage"
)

// kindModule is the kind library the clusters are made with.
const kindModule = "sigs.k8s.io/kind"

func runVersion(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: version takes no arguments, not %q", errUsage, fs.Arg(0))
	}
	bi, _ := debug.ReadBuildInfo() // nil without build info
	tw := tabwriter.NewWriter(stdout, 0, 4, 1, ' ', 0)
	for _, l := range versions(bi) {
		fmt.Fprintf(tw, "%s:\t%s\n", l[0], l[1])
	}
	return tw.Flush()
}

// versions are the lines of `resilience version`, from the build info
// (nil when the binary has none): this module's version, its commit and
// whether the tree had changes, Go's, the kind library's and the
// Kubernetes version of the node image the clusters run.
func versions(bi *debug.BuildInfo) [][2]string {
	module, commit, kindVersion, goVersion := "(devel)", "unknown (the build has no VCS information)", "unknown", "unknown"
	if bi != nil {
		goVersion = bi.GoVersion
		if v := bi.Main.Version; v != "" {
			module = v
		}
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			commit = rev
			if modified == "true" {
				commit += " (dirty: uncommitted changes)"
			}
		}
		for _, d := range bi.Deps {
			if d.Path == kindModule {
				kindVersion = d.Version
				if d.Replace != nil {
					kindVersion += " => " + d.Replace.Path + " " + d.Replace.Version
				}
			}
		}
	}
	return [][2]string{
		{"resilience", module},
		{"commit", commit},
		{"go", goVersion},
		{"kind", kindModule + " " + kindVersion},
		{"kubernetes", nodeimage.DefaultKubernetesVersion + " (the node image's)"},
	}
}
