package nodeimage

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// copyTree copies a root filesystem with owners, modes and links
// (docker import refuses an archive that names a path twice, so layers are
// merged on disk rather than in the archive).
func copyTree(ctx context.Context, src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if _, err := command.Run(ctx, "cp", "-a", src+"/.", dst+"/"); err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	return nil
}

// imageLabel returns one label of a local image, or an error when the image
// does not exist.
func imageLabel(ctx context.Context, ref, label string) (string, error) {
	out, err := command.Run(ctx, "docker", "image", "inspect", "--format",
		fmt.Sprintf("{{index .Config.Labels %q}}", label), ref)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// importDir turns a directory into a single-layer image with `docker import`.
func importDir(ctx context.Context, ref string, changes []string, labels map[string]string, dir string) error {
	args := []string{"-c", "--numeric-owner", "-C", dir, "."}
	tarCmd := exec.CommandContext(ctx, "tar", args...)
	pipe, err := tarCmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("importing %s: %w", ref, err)
	}
	var tarErr strings.Builder
	tarCmd.Stderr = &tarErr
	if err := tarCmd.Start(); err != nil {
		return fmt.Errorf("importing %s: starting tar: %w", ref, err)
	}
	impArgs := []string{"import"}
	for _, c := range changes {
		impArgs = append(impArgs, "--change", c)
	}
	for _, k := range sortedKeys(labels) {
		impArgs = append(impArgs, "--change", fmt.Sprintf("LABEL %s=%q", k, labels[k]))
	}
	impArgs = append(impArgs, "-", ref)
	_, impErr := command.Cmd{Name: "docker", Args: impArgs, Stdin: pipe}.Run(ctx)
	if impErr != nil {
		_, _ = io.Copy(io.Discard, pipe)
	}
	if err := tarCmd.Wait(); err != nil {
		return fmt.Errorf("importing %s: tar: %w: %s", ref, err, tarErr.String())
	}
	if impErr != nil {
		return fmt.Errorf("importing %s: %w", ref, impErr)
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
