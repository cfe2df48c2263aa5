package nodeimage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// DefaultMirror is used when the machine's apt sources name none.
const DefaultMirror = "http://deb.debian.org/debian"

// MachineMirror returns the Debian mirror this machine's apt is configured
// with, so that debootstrap fetches from where apt already can.
func MachineMirror() string {
	files, _ := filepath.Glob("/etc/apt/sources.list.d/*.sources")
	for _, f := range files {
		if m := readMirror(f, parseDeb822Mirror); m != "" {
			return m
		}
	}
	files, _ = filepath.Glob("/etc/apt/sources.list.d/*.list")
	for _, f := range append([]string{"/etc/apt/sources.list"}, files...) {
		if m := readMirror(f, parseListMirror); m != "" {
			return m
		}
	}
	return DefaultMirror
}

func readMirror(path string, parse func(io.Reader) string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	return parse(f)
}

// parseDeb822Mirror finds the first URI of a stanza whose suites are not a
// security or updates suite, in deb822 (.sources) format.
func parseDeb822Mirror(r io.Reader) string {
	var uri, suites string
	flush := func() string {
		defer func() { uri, suites = "", "" }()
		if uri != "" && !strings.Contains(suites, "security") {
			return uri
		}
		return ""
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if m := flush(); m != "" {
				return m
			}
			continue
		}
		if v, ok := strings.CutPrefix(line, "URIs:"); ok {
			uri = firstField(v)
		}
		if v, ok := strings.CutPrefix(line, "Suites:"); ok {
			suites = v
		}
	}
	return flush()
}

// parseListMirror reads one-line-style sources ("deb [opts] URI suite comp…").
func parseListMirror(r io.Reader) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || f[0] != "deb" {
			continue
		}
		f = f[1:]
		if strings.HasPrefix(f[0], "[") {
			for len(f) > 0 && !strings.HasSuffix(f[0], "]") {
				f = f[1:]
			}
			if len(f) > 0 {
				f = f[1:]
			}
		}
		if len(f) >= 2 && !strings.Contains(f[1], "security") {
			return f[0]
		}
	}
	return ""
}

func firstField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// rootfsStep debootstraps a minimal Debian root filesystem with packages
// into <out>/rootfs. A non-empty iptablesWrapper is the path of
// kubernetes-sigs/iptables-wrappers' installer, run inside the root
// filesystem so that iptables follows the backend the node uses.
func rootfsStep(name, suite, mirror string, packages []string, iptablesWrapper string) step {
	return step{
		name: name,
		inputs: map[string]string{"suite": suite, "mirror": mirror, "packages": strings.Join(packages, ","),
			"iptables-wrapper": iptablesWrapper},
		run: func(ctx context.Context, out string) error {
			if err := requireTool(ctx, "debootstrap", "debootstrap"); err != nil {
				return err
			}
			root := filepath.Join(out, "rootfs")
			if _, err := command.Run(ctx, "debootstrap", "--variant=minbase",
				"--include="+strings.Join(packages, ","), suite, root, mirror); err != nil {
				return err
			}
			// Docker makes /dev; apt caches only add weight.
			for _, glob := range []string{"dev/*", "var/cache/apt/archives/*.deb", "var/lib/apt/lists/*_*"} {
				matches, _ := filepath.Glob(filepath.Join(root, glob))
				for _, m := range matches {
					if err := os.RemoveAll(m); err != nil {
						return fmt.Errorf("trimming rootfs: %w", err)
					}
				}
			}
			if iptablesWrapper != "" {
				return installIptablesWrapper(ctx, root, iptablesWrapper)
			}
			return nil
		},
	}
}

func installIptablesWrapper(ctx context.Context, root, installer string) error {
	b, err := os.ReadFile(installer)
	if err != nil {
		return fmt.Errorf("reading iptables wrapper installer: %w", err)
	}
	if err := os.WriteFile(filepath.Join(root, "iptables-wrapper-installer.sh"), b, 0o755); err != nil {
		return err
	}
	if _, err := command.Run(ctx, "chroot", root, "/iptables-wrapper-installer.sh", "--no-sanity-check"); err != nil {
		return fmt.Errorf("installing iptables wrapper: %w", err)
	}
	// The installer removes itself; make sure it is gone either way.
	if err := os.Remove(filepath.Join(root, "iptables-wrapper-installer.sh")); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

// requireTool makes sure a program is on PATH, installing its Debian package
// with apt-get where it is missing.
func requireTool(ctx context.Context, program, pkg string) error {
	if _, err := exec.LookPath(program); err == nil {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return fmt.Errorf("%s not found and apt-get is not available to install %s", program, pkg)
	}
	env := []string{"DEBIAN_FRONTEND=noninteractive"}
	if _, err := (command.Cmd{Name: "apt-get", Args: []string{"install", "-y", "-q", pkg}, Env: env}).Run(ctx); err != nil {
		return fmt.Errorf("installing %s: %w", pkg, err)
	}
	return nil
}
