package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RealRuntime is the runc binary the capability filter hands over to.
const RealRuntime = "/usr/sbin/runc"

// FilterRuntimeArgs inspects the arguments an OCI runtime (runc) was called
// with and, for `create` and `run`, rewrites the bundle's config.json, and for
// `exec`, the --process file, so that they ask only for capabilities in b. It
// never changes the arguments themselves.
func FilterRuntimeArgs(args []string, b Bounding) error {
	cmd, rest := subcommand(args)
	switch cmd {
	case "create", "run":
		bundle := flagValue(rest, "bundle", "b")
		if bundle == "" {
			wd, err := os.Getwd()
			if err != nil {
				return fmt.Errorf("finding bundle: %w", err)
			}
			bundle = wd
		}
		return filterFile(filepath.Join(bundle, "config.json"), b)
	case "exec":
		if p := flagValue(rest, "process", "p"); p != "" {
			return filterFile(p, b)
		}
	}
	return nil
}

func filterFile(path string, b Bounding) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	out, err := FilterSpec(doc, b)
	if err != nil {
		return fmt.Errorf("filtering %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := os.WriteFile(path, out, st.Mode().Perm()); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// globalWithValue lists runc's global flags that take a separate value.
var globalWithValue = map[string]bool{
	"--root": true, "--log": true, "--log-format": true, "--criu": true, "--rootless": true,
}

// subcommand returns runc's subcommand and the arguments after it.
func subcommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return a, args[i+1:]
		}
		if globalWithValue[a] {
			i++
		}
	}
	return "", nil
}

// flagValue finds --long/-short in either "--flag value" or "--flag=value" form.
func flagValue(args []string, long, short string) string {
	for i, a := range args {
		for _, name := range []string{"--" + long, "-" + long, "-" + short} {
			if a == name && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				return v
			}
		}
	}
	return ""
}
