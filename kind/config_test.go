package kind

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func TestConfigV1Alpha4Golden(t *testing.T) {
	t.Parallel()
	cfg := Config{Name: "golive", NodeImage: "golive/kind-node:v1.34.4-abc", Workers: 2,
		Ports:         []PortMapping{{NodePort: 30080}, {NodePort: 30443, HostPort: 8443}},
		APIServerArgs: map[string]string{"v": "2"}}
	got, err := yaml.Marshal(cfg.V1Alpha4())
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "kind-config.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./kind -run Golden -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("rendered config (-want +got):\n%s", diff)
	}
}

func TestConfigShape(t *testing.T) {
	t.Parallel()
	c := Config{Name: "x", NodeImage: "img", Workers: 3, Ports: []PortMapping{{NodePort: 30080}}}.V1Alpha4()
	if len(c.Nodes) != 4 || c.Nodes[0].Role != "control-plane" || c.Nodes[3].Role != "worker" {
		t.Fatalf("nodes = %+v", c.Nodes)
	}
	for _, n := range c.Nodes {
		if n.Labels[OwnerLabel] != OwnerValue {
			t.Errorf("node %s lacks the owner label", n.Role)
		}
	}
	pm := c.Nodes[0].ExtraPortMappings
	if len(pm) != 1 || pm[0].ListenAddress != "127.0.0.1" || pm[0].HostPort != 30080 {
		t.Errorf("port mappings = %+v; want 30080 on 127.0.0.1 only", pm)
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	ok := Config{Name: "c", NodeImage: "img", Workers: 2}
	tests := []struct {
		name string
		mod  func(*Config)
		want error
	}{
		{"valid", func(*Config) {}, nil},
		{"no name", func(c *Config) { c.Name = "" }, ErrNoName},
		{"no image", func(c *Config) { c.NodeImage = "" }, ErrNoImage},
		{"negative workers", func(c *Config) { c.Workers = -1 }, ErrBadWorkers},
		{"port zero", func(c *Config) { c.Ports = []PortMapping{{NodePort: 0}} }, ErrBadPort},
		{"port too big", func(c *Config) { c.Ports = []PortMapping{{NodePort: 30080, HostPort: 70000}} }, ErrBadPort},
		{"duplicate host port", func(c *Config) {
			c.Ports = []PortMapping{{NodePort: 30080}, {NodePort: 30081, HostPort: 30080}}
		}, ErrDuplicatePort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := ok
			tt.mod(&c)
			if err := c.Validate(); !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestClusterPatch(t *testing.T) {
	t.Parallel()
	got := clusterPatch(map[string]string{"b": "2", "a": "x y"}, nil)
	want := "kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    a: \"x y\"\n    b: \"2\"\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("patch (-want +got):\n%s", diff)
	}
	got = clusterPatch(map[string]string{"a": "1"}, map[string]string{"node-monitor-grace-period": "30s"})
	want = "kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    a: \"1\"\ncontrollerManager:\n  extraArgs:\n    node-monitor-grace-period: \"30s\"\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("patch with controller-manager flags (-want +got):\n%s", diff)
	}
}

func TestMetricsServerManifest(t *testing.T) {
	t.Parallel()
	m, err := MetricsServerManifest("example/ms:v1")
	if err != nil {
		t.Fatal(err)
	}
	var docs int
	for _, want := range []string{"image: example/ms:v1", "--kubelet-insecure-tls", "kind: APIService", "k8s-app: metrics-server"} {
		if !containsLine(string(m), want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	docs = len(splitDocs(string(m)))
	if docs != 9 {
		t.Errorf("manifest has %d documents, want 9", docs)
	}
}

// A cluster whose node image's default CNI does not enforce NetworkPolicy
// gets the enforcer in its place: kind must not install its own.
func TestConfigEnforcerDisablesDefaultCNI(t *testing.T) {
	c := Config{Name: "x", NodeImage: "kindest/node:v1.34.0", Workers: 1}
	if c.V1Alpha4().Networking.DisableDefaultCNI {
		t.Error("default CNI disabled without an enforcer")
	}
	c.Enforcer = "kind: DaemonSet"
	if !c.V1Alpha4().Networking.DisableDefaultCNI {
		t.Error("default CNI kept although an enforcer replaces it")
	}
}
