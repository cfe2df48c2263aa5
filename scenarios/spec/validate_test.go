package spec

import (
	"strings"
	"testing"
)

func TestValidateNamesTheField(t *testing.T) {
	t.Parallel()
	set := func(old, new string) string { return strings.Replace(minimal, old, new, 1) }
	add := func(lines string) string { return minimal + lines }
	image := func(lines string) string { return minimal + "  images:\n" + lines }
	for _, tc := range []struct {
		name, yaml string
		err        error
		field      string
		line       int
	}{
		{"cluster name", add("cluster: {name: Bad_Name}\n"), ErrInvalid, "cluster.name", 7},
		{"workers", add("cluster:\n  workers: 11\n"), ErrOutOfRange, "cluster.workers", 8},
		{"load from", add("load: {from: mars}\n"), ErrInvalid, "load.from", 7},
		{"attackers", add("load: {from: cluster, attackers: 51}\n"), ErrOutOfRange, "load.attackers", 7},
		{"attackers local", add("load: {attackers: 2}\n"), ErrInvalid, "load.attackers", 7},
		{"scale", add("scale: -1\n"), ErrOutOfRange, "scale", 7},
		{"namespace missing", set("  namespace: shop\n", ""), ErrRequired, "target.namespace", 1},
		{"namespace invalid", set("shop", "Shop"), ErrInvalid, "target.namespace", 2},
		{"manifests missing", set("  manifests: [app]\n", ""), ErrRequired, "target.manifests", 1},
		{"manifest empty", set("[app]", `[""]`), ErrInvalid, "target.manifests[0]", 3},
		{"deployment missing", set("  deployment: web\n", ""), ErrRequired, "target.deployment", 1},
		{"deployment invalid", set("deployment: web", "deployment: Web_1"), ErrInvalid, "target.deployment", 4},
		{"selector missing", set("  selector: {app: web}\n", ""), ErrRequired, "target.selector", 1},
		{"selector label", set("{app: web}", "{'a b': web}"), ErrInvalid, "target.selector.a b", 5},
		{"node port missing", set("  nodePort: 30090\n", ""), ErrRequired, "target.nodePort", 1},
		{"node port range", set("30090", "8080"), ErrOutOfRange, "target.nodePort", 6},
		// A target without a NodePort is reached only through its Service:
		// load from the cluster, at the Service's port.
		{"no node port, local load", set("  nodePort: 30090\n", "  port: 80\n"), ErrRequired, "target.nodePort", 1},
		{"no node port, no port", set("  nodePort: 30090\n", "") + "load: {from: cluster}\n", ErrRequired, "target.port", 1},
		{"port range", set("  nodePort: 30090\n", "  port: 70000\n") + "load: {from: cluster}\n", ErrOutOfRange, "target.port", 6},
		{"service name", add("  service: Web_1\n"), ErrInvalid, "target.service", 7},
		{"path", add("  paths: [{path: healthz}]\n"), ErrInvalid, "target.paths[0].path", 7},
		{"weight", add("  paths: [{path: /, weight: -2}]\n"), ErrOutOfRange, "target.paths[0].weight", 7},
		{"weights total", add("  paths: [{path: /, weight: 9000}, {path: /a, weight: 9000}]\n"), ErrOutOfRange, "target.paths", 7},
		{"work path", add("  workPath: work\n"), ErrInvalid, "target.workPath", 7},
		{"hpa burst", add("  hpa: {min: 4, burst: -3}\n"), ErrOutOfRange, "target.hpa.burst", 7},
		{"hpa within", add("  hpa: {min: 4, within: -1s}\n"), ErrOutOfRange, "target.hpa.within", 7},
		{"state read missing", add("  state: {write: '/kv/{key}'}\n"), ErrInvalid, "target.state.read", 7},
		{"state no key", add("  state:\n    write: /kv/{key}\n    read: /kv\n"), ErrInvalid, "target.state.read", 9},
		{"state not a path", add("  state: {write: 'kv/{key}', read: '/kv/{key}'}\n"), ErrInvalid, "target.state.write", 7},
		{"state method", add("  state: {write: '/kv/{key}', read: '/kv/{key}', method: DELETE}\n"), ErrInvalid, "target.state.method", 7},
		{"rate", add("  rate: 20000\n"), ErrOutOfRange, "target.rate", 7},
		{"min ready", add("  minReady: -1\n"), ErrOutOfRange, "target.minReady", 7},
		{"hpa min", add("  hpa: {min: -1}\n"), ErrOutOfRange, "target.hpa.min", 7},
		{"hpa back", add("  hpa: {min: 2, back: 3}\n"), ErrOutOfRange, "target.hpa.back", 7},
		{"availability", add("slo: {availability: 99.9}\n"), ErrOutOfRange, "slo.availability", 7},
		{"p99", add("slo: {p99: -1s}\n"), ErrOutOfRange, "slo.p99", 7},
		{"unknown item", add("items: [graceful shutdown, uptime]\n"), ErrUnknownItem, "items[1]", 7},
		{"item twice", add("items: [PDB, PDB]\n"), ErrDuplicate, "items[1]", 7},
		{"image name missing", image("  - build: ./cmd/web\n"), ErrRequired, "target.images[0].name", 8},
		{"image name with tag", image("  - {name: web:v1, build: .}\n"), ErrInvalid, "target.images[0].name", 8},
		{"image twice", image("  - {name: web, build: .}\n  - {name: web, load: web:v1}\n"), ErrDuplicate, "target.images[1].name", 9},
		{"image source missing", image("  - name: web\n"), ErrRequired, "target.images[0]", 8},
		{"image both sources", image("  - {name: web, build: ., load: web:v1}\n"), ErrInvalid, "target.images[0]", 8},
		{"image load ref", image("  - {name: web, load: 'web:v 1'}\n"), ErrInvalid, "target.images[0].load", 8},
		{"build is a flag", image("  - {name: web, build: -toolexec=/bin/sh}\n"), ErrInvalid, "target.images[0].build", 8},
		{"build with a space", image("  - {name: web, build: './cmd/web -x'}\n"), ErrInvalid, "target.images[0].build", 8},
		{"build with NUL", image("  - {name: web, build: \"./cmd/web\\0\"}\n"), ErrInvalid, "target.images[0].build", 8},
		{"scale NaN", add("scale: .nan\n"), ErrOutOfRange, "scale", 7},
		{"scale +Inf", add("scale: .inf\n"), ErrOutOfRange, "scale", 7},
		{"scale -Inf", add("scale: -.inf\n"), ErrOutOfRange, "scale", 7},
		{"availability NaN", add("slo: {availability: .nan}\n"), ErrOutOfRange, "slo.availability", 7},
		{"availability -Inf", add("slo:\n  availability: -.Inf\n"), ErrOutOfRange, "slo.availability", 8},
		{"availability negative", add("slo: {availability: -0.5}\n"), ErrOutOfRange, "slo.availability", 7},
		{"node port fraction", set("30090", "30090.5"), ErrType, "target.nodePort", 6},
		{"node port NaN", set("30090", ".nan"), ErrType, "target.nodePort", 6},
		{"node port -Inf", set("30090", "-.inf"), ErrType, "target.nodePort", 6},
		{"rate fraction", add("  rate: 1.5\n"), ErrType, "target.rate", 7},
		{"weight fraction", add("  paths: [{path: /, weight: 0.5}]\n"), ErrType, "target.paths[0].weight", 7},
		{"seed fraction", add("seed: 7.25\n"), ErrType, "seed", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkErr(t, tc.yaml, tc.err, tc.field, tc.line)
		})
	}
}

func TestKnownItems(t *testing.T) {
	t.Parallel()
	items := KnownItems()
	for _, want := range []string{"graceful shutdown", "PDB", "HPA", "rolling update & rollback"} {
		if !strings.Contains(strings.Join(items, "|"), want) {
			t.Errorf("KnownItems() = %q, missing %q", items, want)
		}
	}
}

// TestZeroMeansDefault: where the spec turns 0 into a default, the range
// error says so, and a whole number written as a float is taken.
func TestZeroMeansDefault(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ yaml, want string }{
		{minimal + "slo: {availability: 1.5}\n", "line 7: slo.availability: out of range: 1.5, want a ratio in (0, 1], e.g. 0.999; 0 means the default 0.99"},
		{minimal + "  rate: -1\n", "line 7: target.rate: out of range: -1 requests/s, want 1 to 10000; 0 means the default 40"},
		{minimal + "  paths: [{path: /, weight: -1}]\n", "line 7: target.paths[0].weight: out of range: -1 is negative; 0 means the default 1"},
		{minimal + "  minReady: -1\n", "line 7: target.minReady: out of range: -1 is negative; 0 means the PodDisruptionBudget's own minimum"},
		{minimal + "scale: 101\n", "line 7: scale: out of range: 101, want more than 0 and at most 100; 0 means the default 1"},
		{minimal + "scale: .nan\n", "line 7: scale: out of range: NaN, want more than 0 and at most 100; 0 means the default 1"},
		{minimal + "cluster: {workers: -1}\n", "line 7: cluster.workers: out of range: -1, want 1 to 10; 0 means the default 2"},
		{strings.Replace(minimal, "30090", "30090.5", 1), "line 6: target.nodePort: wrong type: 30090.5 is not a whole number"},
	} {
		if _, err := Decode([]byte(tc.yaml), "/"); err == nil || err.Error() != tc.want {
			t.Errorf("Decode = %v\nwant %s", err, tc.want)
		}
	}
	s, err := Decode([]byte(strings.Replace(minimal, "30090", "3.009e4", 1)), "/")
	if err != nil || s.Target.NodePort != 30090 {
		t.Errorf("nodePort: 3.009e4 = %v, %v; want 30090", s, err)
	}
}

// TestTargetWithoutNodePort: a target reached only through its Service
// is valid with load from the cluster and a port, and plans its load at
// the Service's in-cluster name.
func TestTargetWithoutNodePort(t *testing.T) {
	t.Parallel()
	s, err := Decode([]byte(strings.Replace(minimal, "  nodePort: 30090\n", "  port: 80\n  service: front\n", 1)+"load: {from: cluster}\n"), "/")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ScenarioTarget().URL("/a"); got != "http://front.shop.svc.cluster.local:80/a" {
		t.Errorf("URL = %s", got)
	}
}
