package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRender(t *testing.T) {
	t.Parallel()
	cur, tr := fixtureTrend()
	prev := smallFixture.result()
	prev.Scenarios[1].Verdicts[0].Status = StatusPass
	for _, tc := range []struct {
		name      string
		previous  *Result
		wantFiles []string
	}{
		{"first run", nil, []string{FileHTML, FileJUnit, FileMetrics, FileResult}},
		{"with a previous run", prev, []string{FileHTML, FileJUnit, FileMetrics, FileResult, FileTrend}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "report")
			got, err := Render(t.Context(), dir, cur, tc.previous)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantFiles, listDir(t, dir)); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if tc.previous == nil {
				if got != nil {
					t.Errorf("trend without a previous run: %+v", got)
				}
				return
			}
			var onDisk Trend
			if err := json.Unmarshal(readBytes(t, filepath.Join(dir, FileTrend)), &onDisk); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tr, &onDisk); diff != "" {
				t.Errorf("trend.json (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRenderFiles re-renders from result.json files alone and gets the
// same report, byte for byte.
func TestRenderFiles(t *testing.T) {
	t.Parallel()
	first, second := t.TempDir(), t.TempDir()
	cur, _ := fixtureTrend()
	prev := smallFixture.result()
	prev.Scenarios[1].Verdicts[0].Status = StatusPass
	prevPath := filepath.Join(t.TempDir(), "previous.json")
	if err := WriteFile(prevPath, prev); err != nil {
		t.Fatal(err)
	}
	if _, err := Render(t.Context(), first, cur, prev); err != nil {
		t.Fatal(err)
	}
	tr, err := RenderFiles(t.Context(), second, filepath.Join(first, FileResult), prevPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Regressions) != 1 {
		t.Errorf("re-rendered trend has %d regressions, want 1", len(tr.Regressions))
	}
	if _, err := Render(t.Context(), second, cur, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(second, FileTrend)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a render without a previous run left %s: %v", FileTrend, err)
	}
	if _, err := RenderFiles(t.Context(), second, filepath.Join(first, FileResult), prevPath); err != nil {
		t.Fatal(err)
	}
	for _, name := range listDir(t, first) {
		if !bytes.Equal(readBytes(t, filepath.Join(first, name)), readBytes(t, filepath.Join(second, name))) {
			t.Errorf("%s differs when re-rendered from result.json", name)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	bad := smallFixture.result()
	bad.Scenarios[0].Name = ""
	good := filepath.Join(t.TempDir(), FileResult)
	if err := WriteFile(good, smallFixture.result()); err != nil {
		t.Fatal(err)
	}
	future := filepath.Join(t.TempDir(), FileResult)
	if err := os.WriteFile(future, []byte(`{"schemaVersion":"2.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		render  func(dir string) error
		wantErr error
	}{
		{"canceled", func(dir string) error { _, err := Render(canceled, dir, smallFixture.result(), nil); return err }, context.Canceled},
		{"invalid", func(dir string) error { _, err := Render(t.Context(), dir, bad, nil); return err }, ErrInvalid},
		{"future result.json", func(dir string) error { _, err := RenderFiles(t.Context(), dir, future, ""); return err }, ErrFutureVersion},
		{"missing previous", func(dir string) error {
			_, err := RenderFiles(t.Context(), dir, good, filepath.Join(dir, "nope.json"))
			return err
		}, fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.render(t.TempDir()); !errors.Is(err, tc.wantErr) {
				t.Errorf("error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
