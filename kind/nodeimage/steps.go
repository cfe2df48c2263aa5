package nodeimage

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// step is one cached unit of the offline build. Its output lives in a
// directory named by the step and the key of its inputs; a directory with a
// done marker is reused as it is.
type step struct {
	name   string
	inputs map[string]string
	run    func(ctx context.Context, out string) error
}

// builder runs steps under a cache root and reports progress.
type builder struct {
	root string
	log  *slog.Logger
}

const doneMarker = ".done"

// dir returns the step's output directory, running the step first unless a
// completed output for the same inputs exists.
func (b *builder) dir(ctx context.Context, s step) (string, error) {
	key := hashInputs(s.inputs)[:16]
	out := filepath.Join(b.root, s.name+"-"+key)
	if _, err := os.Stat(filepath.Join(out, doneMarker)); err == nil {
		b.log.Info("step up to date", "step", s.name, "key", key)
		return out, nil
	}
	tmp := out + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return "", fmt.Errorf("step %s: clearing %s: %w", s.name, tmp, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", fmt.Errorf("step %s: %w", s.name, err)
	}
	start := time.Now()
	b.log.Info("step started", "step", s.name, "key", key)
	if err := s.run(ctx, tmp); err != nil {
		return "", fmt.Errorf("step %s: %w", s.name, err)
	}
	if err := os.WriteFile(filepath.Join(tmp, doneMarker), []byte(time.Now().UTC().Format(time.RFC3339)), 0o644); err != nil {
		return "", fmt.Errorf("step %s: %w", s.name, err)
	}
	_ = os.RemoveAll(out)
	if err := os.Rename(tmp, out); err != nil {
		return "", fmt.Errorf("step %s: %w", s.name, err)
	}
	b.log.Info("step done", "step", s.name, "elapsed", time.Since(start).Round(100*time.Millisecond))
	return out, nil
}

// image makes sure a Docker image tagged ref exists carrying the key of the
// step's inputs as a label, running build otherwise.
func (b *builder) image(ctx context.Context, ref string, s step, build func(ctx context.Context, labels map[string]string) error) error {
	key := hashInputs(s.inputs)[:16]
	if got, err := imageLabel(ctx, ref, LabelKey); err == nil && got == key {
		b.log.Info("step up to date", "step", s.name, "image", ref)
		return nil
	}
	start := time.Now()
	b.log.Info("step started", "step", s.name, "image", ref)
	if err := build(ctx, map[string]string{LabelKey: key}); err != nil {
		return fmt.Errorf("step %s: %w", s.name, err)
	}
	b.log.Info("step done", "step", s.name, "image", ref, "elapsed", time.Since(start).Round(100*time.Millisecond))
	return nil
}
