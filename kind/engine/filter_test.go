package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var hostBounding = Bounding{Set: 0x1fffeffffff, LastCap: 40}

const specDoc = `{"ociVersion":"1.0.2","process":{"args":["/sbin/init"],"capabilities":{
"bounding":["CAP_CHOWN","CAP_SYS_RESOURCE","CAP_SYS_ADMIN"],
"effective":["CAP_CHOWN","CAP_SYS_RESOURCE"],
"permitted":["CAP_SYS_RESOURCE"]}},"root":{"path":"rootfs"}}`

const processDoc = `{"args":["sh"],"capabilities":{"bounding":["CAP_SYS_RESOURCE","CAP_KILL"]}}`

func caps(t *testing.T, doc []byte, inProcess bool) map[string][]string {
	t.Helper()
	var v struct {
		Process struct {
			Capabilities map[string][]string `json:"capabilities"`
		} `json:"process"`
		Capabilities map[string][]string `json:"capabilities"`
	}
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	if inProcess {
		return v.Process.Capabilities
	}
	return v.Capabilities
}

func TestFilterSpec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		doc       string
		inProcess bool
		want      map[string][]string
	}{
		{"bundle spec", specDoc, true, map[string][]string{
			"bounding": {"CAP_CHOWN", "CAP_SYS_ADMIN"}, "effective": {"CAP_CHOWN"}, "permitted": {}}},
		{"exec process", processDoc, false, map[string][]string{"bounding": {"CAP_KILL"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := FilterSpec([]byte(tt.doc), hostBounding)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, caps(t, out, tt.inProcess)); diff != "" {
				t.Errorf("capabilities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFilterSpecKeepsOtherFields(t *testing.T) {
	t.Parallel()
	out, err := FilterSpec([]byte(specDoc), hostBounding)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		OCIVersion string                  `json:"ociVersion"`
		Root       struct{ Path string }   `json:"root"`
		Process    struct{ Args []string } `json:"process"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	if v.OCIVersion != "1.0.2" || v.Root.Path != "rootfs" || len(v.Process.Args) != 1 {
		t.Errorf("fields lost: %+v", v)
	}
}

func TestFilterSpecBadJSON(t *testing.T) {
	t.Parallel()
	if _, err := FilterSpec([]byte("{"), hostBounding); err == nil {
		t.Fatal("want error for malformed document")
	}
}

func TestFilterRuntimeArgs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bundle := filepath.Join(dir, "bundle")
	if err := os.MkdirAll(bundle, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(bundle, "config.json")
	proc := filepath.Join(dir, "process.json")
	tests := []struct {
		name string
		args []string
		file string
		doc  string
	}{
		{"create --bundle", []string{"--root", "/run/r", "--log", "l.json", "create", "--bundle", bundle, "id"}, cfg, specDoc},
		{"run -b=", []string{"run", "-b=" + bundle, "id"}, cfg, specDoc},
		{"exec --process", []string{"--root", "/run/r", "exec", "--process", proc, "--detach", "id"}, proc, processDoc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(tt.file, []byte(tt.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := FilterRuntimeArgs(tt.args, hostBounding); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			for _, set := range caps(t, b, tt.file == cfg) {
				for _, c := range set {
					if c == "CAP_SYS_RESOURCE" {
						t.Fatalf("CAP_SYS_RESOURCE left in %s", b)
					}
				}
			}
		})
	}
}

func TestFilterRuntimeArgsLeavesOtherCommands(t *testing.T) {
	t.Parallel()
	// state/kill/delete carry no spec: nothing to read, nothing to fail.
	for _, args := range [][]string{{"state", "id"}, {"--root", "/x", "kill", "id", "9"}, {"delete", "--force", "id"}} {
		if err := FilterRuntimeArgs(args, hostBounding); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}
