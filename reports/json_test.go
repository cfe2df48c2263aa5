package reports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResultJSONGolden(t *testing.T) {
	t.Parallel()
	want := smallFixture.result()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	golden(t, "result.golden.json", buf.Bytes())

	got, err := ReadFile(filepath.Join("testdata", "result.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result read back from the golden file (-want +got):\n%s", diff)
	}
}

func TestWriteJSONStampsVersion(t *testing.T) {
	t.Parallel()
	r := smallFixture.result()
	r.SchemaVersion = "0.1"
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != SchemaVersion || r.SchemaVersion != "0.1" {
		t.Errorf("written version %q, caller's %q; want %q and the caller's untouched", got.SchemaVersion, r.SchemaVersion, SchemaVersion)
	}
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, doc string
		wantErr   error
	}{
		{"current", `{"schemaVersion":"1.0","scenarios":[]}`, nil},
		{"newer minor with unknown fields", `{"schemaVersion":"1.7","flux":3,"scenarios":[{"name":"a","verdicts":[],"extra":{}}]}`, nil},
		{"newer major", `{"schemaVersion":"2.0","scenarios":"changed shape"}`, ErrFutureVersion},
		{"missing version", `{"scenarios":[]}`, ErrBadVersion},
		{"malformed version", `{"schemaVersion":"one","scenarios":[]}`, ErrBadVersion},
		{"major zero", `{"schemaVersion":"0.9","scenarios":[]}`, ErrBadVersion},
		{"unknown status", `{"schemaVersion":"1.0","scenarios":[{"name":"a","verdicts":[{"item":"x","status":"MAYBE"}]}]}`, ErrUnknownStatus},
		{"duplicate scenario", `{"schemaVersion":"1.0","scenarios":[{"name":"a"},{"name":"a"}]}`, ErrInvalid},
		{"duplicate item", `{"schemaVersion":"1.0","scenarios":[{"name":"a","verdicts":[{"item":"x","status":"PASS"},{"item":"x","status":"FAIL"}]}]}`, ErrInvalid},
		{"duplicate phase", `{"schemaVersion":"1.0","scenarios":[{"name":"a","phases":[{"name":"fault"},{"name":"fault"}]}]}`, ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadJSON(strings.NewReader(tc.doc))
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("ReadJSON() error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestWriteJSONRejectsInvalid(t *testing.T) {
	t.Parallel()
	r := smallFixture.result()
	r.Scenarios[1].Name = r.Scenarios[0].Name
	if err := WriteJSON(&bytes.Buffer{}, r); !errors.Is(err, ErrInvalid) {
		t.Errorf("WriteJSON() error = %v, want ErrInvalid", err)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, FileResult)
	if err := WriteFile(path, smallFixture.result()); err != nil {
		t.Fatal(err)
	}
	bad := smallFixture.result()
	bad.Scenarios[0].Verdicts[0].Status = "MAYBE"
	if err := WriteFile(path, bad); !errors.Is(err, ErrUnknownStatus) {
		t.Fatalf("WriteFile() error = %v, want ErrUnknownStatus", err)
	}
	if _, err := ReadFile(path); err != nil {
		t.Errorf("the good file was damaged by a failed write: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only %s: a temporary file was left", len(entries), FileResult)
	}
}
