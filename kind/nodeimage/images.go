package nodeimage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// componentImage is one container image the node image preloads.
type componentImage struct {
	ref     string
	name    string            // step name
	base    string            // "" (scratch) or "slim"
	files   map[string]string // path in image → source file (0755)
	text    map[string]string // path in image → content (0644)
	dirs    []string          // empty directories to create
	changes []string          // docker import --change lines
}

// etcPasswd gives images FROM scratch a root and a nobody user.
const etcPasswd = "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"

// build makes the image from the slim root filesystem (or nothing) plus the
// files, through a staging directory.
func (c componentImage) build(ctx context.Context, stage, slimRoot string, labels map[string]string) error {
	if err := os.RemoveAll(stage); err != nil {
		return err
	}
	if c.base == "slim" {
		if err := copyTree(ctx, slimRoot, stage); err != nil {
			return err
		}
	}
	for _, d := range append([]string{"tmp"}, c.dirs...) {
		if err := os.MkdirAll(filepath.Join(stage, d), 0o755); err != nil {
			return err
		}
	}
	if err := os.Chmod(filepath.Join(stage, "tmp"), 0o1777|os.ModeSticky); err != nil {
		return err
	}
	for dst, src := range c.files {
		if err := copyFile(src, filepath.Join(stage, dst), 0o755); err != nil {
			return fmt.Errorf("staging %s: %w", dst, err)
		}
	}
	for dst, content := range c.text {
		mode := os.FileMode(0o644)
		if content[:2] == "#!" {
			mode = 0o755
		}
		p := filepath.Join(stage, dst)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			return err
		}
	}
	if c.base == "busybox" {
		if err := linkApplets(ctx, filepath.Join(stage, "bin")); err != nil {
			return err
		}
	}
	return importDir(ctx, c.ref, c.changes, labels, stage)
}

// linkApplets links every applet of dir/busybox to it.
func linkApplets(ctx context.Context, dir string) error {
	out, err := command.Run(ctx, filepath.Join(dir, "busybox"), "--list")
	if err != nil {
		return fmt.Errorf("listing busybox applets: %w", err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet == "busybox" {
			continue
		}
		if err := os.Symlink("busybox", filepath.Join(dir, applet)); err != nil && !os.IsExist(err) {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, mode)
}

// busyboxImage is a FROM-scratch image of Debian's static busybox with a link
// per applet: the helper image local-path-provisioner runs its scripts in.
func busyboxImage(ref, busybox string) componentImage {
	return componentImage{ref: ref, name: "image-local-path-helper", base: "busybox",
		files:   map[string]string{"bin/busybox": busybox},
		changes: []string{"ENV PATH=/bin", `CMD ["/bin/sh"]`}}
}
