package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode: whatever the bytes, Decode returns a spec or an error, and a
// spec it returns passes Validate again.
func FuzzDecode(f *testing.F) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{string(good), minimal, "", "- a\n", "a: &x [*x]\n", minimal + "---\n",
		"target: {hpa: {min: 1e400}}\n", "slo: {p99: 1h1h}\n", "items: [~]\n", "target:\n  selector:\n    ? [a]\n    : b\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data, "/specs")
		if err != nil {
			if s != nil {
				t.Fatalf("Decode returned a spec and an error: %v", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("a decoded spec fails Validate: %v", err)
		}
	})
}
