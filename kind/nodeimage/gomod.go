package nodeimage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// defaultKindVersion is used when build information does not name the kind
// module this program was linked with.
const defaultKindVersion = "v0.33.0"

// KindVersion is the version of sigs.k8s.io/kind linked into this program:
// the one whose base files and manifests the node image must match.
func KindVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "sigs.k8s.io/kind" {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return defaultKindVersion
}

// goEnv is the environment of every go command the build runs: static
// binaries, modules from the proxy, no workspace of the caller's.
var goEnv = []string{"CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local"}

// moduleInfo is what `go mod download -json` says about one module.
type moduleInfo struct {
	Path, Version, Dir, GoMod, Error string
}

// downloadModule fetches a module into the module cache and returns where it is.
func downloadModule(ctx context.Context, path, version string) (moduleInfo, error) {
	out, err := command.Cmd{Name: "go", Args: []string{"mod", "download", "-json", path + "@" + version},
		Env: goEnv, Dir: os.TempDir()}.Run(ctx)
	var info moduleInfo
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return info, fmt.Errorf("downloading module %s@%s: %s", path, version, info.Error)
	}
	if err != nil {
		return info, fmt.Errorf("downloading module %s@%s: %w", path, version, err)
	}
	return info, nil
}

var stagingReplaceRE = regexp.MustCompile(`^\s*(k8s\.io/[\w.-]+)\s+=>\s+\./staging/`)

// notServed are staging modules the module proxy does not serve and no
// Kubernetes command needs.
var notServed = map[string]bool{"k8s.io/sample-cli-plugin": true, "k8s.io/sample-controller": true}

// kubernetesGoMod writes the go.mod of a helper module that builds
// k8s.io/kubernetes at version from the proxy: every staging module the
// kubernetes go.mod replaces with a local path is replaced by its published
// version instead.
func kubernetesGoMod(upstream []byte, version, staging string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module golive.local/k8sbuild\n\ngo 1.24\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n", version)
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(upstream))
	for sc.Scan() {
		m := stagingReplaceRE.FindStringSubmatch(sc.Text())
		if m == nil || notServed[m[1]] {
			continue
		}
		fmt.Fprintf(&b, "\t%s => %s %s\n", m[1], m[1], staging)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("no staging replacements in k8s.io/kubernetes %s go.mod", version)
	}
	b.WriteString(")\n")
	return b.Bytes(), nil
}

// versionLDFlags stamps a Kubernetes binary with its version; without it
// kubeadm does not know its version and asks for wrong image tags.
func versionLDFlags(version string) string {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	flags := []string{"-s", "-w"}
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		flags = append(flags,
			"-X", pkg+".gitVersion="+version,
			"-X", pkg+".gitMajor="+parts[0],
			"-X", pkg+".gitMinor="+parts[1],
			"-X", pkg+".gitTreeState=clean",
			"-X", pkg+".buildDate=1970-01-01T00:00:00Z")
	}
	return strings.Join(flags, " ")
}
