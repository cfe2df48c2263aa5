package nodeimage

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStepCache(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	b := &builder{root: t.TempDir(), log: slog.New(slog.NewTextHandler(&log, nil))}
	runs := 0
	s := step{name: "demo", inputs: map[string]string{"v": "1"}, run: func(_ context.Context, out string) error {
		runs++
		return os.WriteFile(filepath.Join(out, "artifact"), []byte("x"), 0o644)
	}}
	ctx := context.Background()
	first, err := b.dir(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.dir(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if runs != 1 || first != second {
		t.Fatalf("runs = %d, dirs %q %q; want one run, same dir", runs, first, second)
	}
	if !strings.Contains(log.String(), "step up to date") || !strings.Contains(log.String(), "elapsed=") {
		t.Errorf("progress lines missing:\n%s", log.String())
	}
	s.inputs = map[string]string{"v": "2"}
	third, err := b.dir(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 || third == first {
		t.Errorf("changed input: runs = %d, dir %q; want a new run in a new dir", runs, third)
	}
}

func TestStepFailureLeavesNoOutput(t *testing.T) {
	t.Parallel()
	b := &builder{root: t.TempDir(), log: slog.New(slog.DiscardHandler)}
	boom := errors.New("boom")
	s := step{name: "broken", inputs: map[string]string{}, run: func(context.Context, string) error { return boom }}
	_, err := b.dir(context.Background(), s)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "step broken") {
		t.Fatalf("err = %v; want it to name the step and wrap the cause", err)
	}
	done, _ := filepath.Glob(filepath.Join(b.root, "broken-*", doneMarker))
	if len(done) != 0 {
		t.Errorf("a failed step was marked done: %v", done)
	}
}

// An unknown Kubernetes version fails in the step that fetches it, and the
// error names that step and carries the go command's own message.
func TestUnknownKubernetesVersionNamesStep(t *testing.T) {
	if testing.Short() {
		t.Skip("asks the Go module proxy; skipped under -short")
	}
	t.Parallel()
	r, err := NewRecipe("v1.34.99", KindVersion(), DefaultMirror)
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{root: t.TempDir(), log: slog.New(slog.DiscardHandler)}
	_, err = b.dir(context.Background(), kubernetesStep(r))
	if err == nil {
		t.Fatal("want an error for a version that does not exist")
	}
	for _, want := range []string{"step kubernetes-binaries", "k8s.io/kubernetes@v1.34.99"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
