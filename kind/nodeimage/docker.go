package nodeimage

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"

	"github.com/golive/resilience/kind/internal/command"
)

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

// importLayers turns the union of the given directories (later ones win)
// into a single-layer image with `docker import`.
func importLayers(ctx context.Context, ref string, changes []string, labels map[string]string, dirs ...string) error {
	args := []string{"-c", "--numeric-owner"}
	for _, d := range dirs {
		args = append(args, "-C", d, ".")
	}
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
