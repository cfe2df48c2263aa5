package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/golive/resilience/reports"
)

// kubeconfig defines three contexts: a kind cluster's, another and one
// that looks like production.
const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- {name: kind-golive, cluster: {server: "https://127.0.0.1:6443"}}
contexts:
- {name: kind-golive, context: {cluster: kind-golive, user: kind-golive}}
- {name: other, context: {cluster: kind-golive, user: kind-golive}}
- {name: gke_acme_europe-west1_prod, context: {cluster: kind-golive, user: kind-golive}}
current-context: kind-golive
users:
- {name: kind-golive, user: {token: x}}
`

// inputFixtures writes the bad inputs of TestBadInputs into a temporary
// folder and returns it.
func inputFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	app, err := filepath.Abs(filepath.Join("testdata", "app"))
	if err != nil {
		t.Fatal(err)
	}
	spec := func(change ...string) string {
		s := "target:\n  namespace: web-test\n  manifests: [" + app + "]\n  deployment: web\n  selector: {app: web}\n  nodePort: 30090\n  workPath: /work\n"
		for i := 0; i+1 < len(change); i += 2 {
			s = strings.Replace(s, change[i], change[i+1], 1)
		}
		return s
	}
	files := map[string]string{
		"file":          "not a folder",
		"list.json":     "[]",
		"blank.json":    " \n",
		"text.json":     "hello",
		"version.json":  `{"schemaVersion": 1}`,
		"kubeconfig":    kubeconfig,
		"devzero.yaml":  spec(app, os.DevNull),
		"nan.yaml":      spec() + "slo: {availability: .nan}\n",
		"inf.yaml":      spec() + "scale: .inf\n",
		"avail.yaml":    spec() + "slo: {availability: -0.5}\n",
		"rate.yaml":     spec() + "  rate: -1\n",
		"nodeport.yaml": spec("30090", "30090.5"),
		"build.yaml":    spec() + "  images:\n  - {name: example.local/web, build: -toolexec=/bin/sh}\n",
		"labels.yaml":   spec("{app: web}", "{"+labels(60000)+"}"),
		"dep.yaml":      spec() + "  dependency: {service: db, selector: {app: db}, paths: [{path: /orders}], timeout: 0s}\n",
		"meteor.yaml":   spec() + "scenarios:\n- name: sky\n  faults: [{fault: meteor}]\n  checks: [slo]\n",
		"items.yaml":    spec() + "items:\n" + strings.Repeat("- x\n", 200000),
		"inside.yaml":   spec("  nodePort: 30090\n", "  port: 80\n") + "load: {from: cluster}\n",
		"local.yaml":    spec("  nodePort: 30090\n", "  port: 80\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeResult(t, dir, "ok", reports.StatusPass)
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 16<<20+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	return dir
}

// labels writes n selector labels in flow style: "k0: v, k1: v, …".
func labels(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "k%d: v", i)
	}
	return b.String()
}

// TestBadInputs: every bad input is refused before anything runs, with
// exit code 2 and one line. In the table $TMP is the fixtures' folder; a
// line ending in "…" is matched as a prefix.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	dir := inputFixtures(t)
	dry := func(args ...string) []string { return append([]string{"run", "-dry-run"}, args...) }
	spec := func(name string) []string { return dry("-spec", "$TMP/"+name) }
	report := func(in string) []string { return []string{"report", "-in", in, "-out", "$TMP/report"} }
	for _, tc := range []struct {
		args []string
		want string
	}{
		// Files are regular and at most 16 MiB.
		{dry("-spec", "/dev/zero"), "resilience: reading spec: /dev/zero: not a regular file (a character device)"},
		{spec("fifo"), "resilience: reading spec: $TMP/fifo: not a regular file (a named pipe)"},
		{dry("-spec", "$TMP"), "resilience: reading spec: $TMP: not a regular file (a directory)"},
		{spec("big.yaml"), "resilience: reading spec: $TMP/big.yaml: larger than 16 MiB (16777217 bytes)"},
		{spec("none.yaml"), "resilience: reading spec: stat $TMP/none.yaml: no such file or directory"},
		{append(spec("devzero.yaml"), "-scenarios", "node-drain"), "resilience: spec: line 3: target.manifests[0]: /dev/null: not a regular file (a character device)"},
		{report("/dev/zero"), "resilience: -in /dev/zero: not a regular file (a character device)"},
		{report("$TMP/fifo"), "resilience: -in $TMP/fifo: not a regular file (a named pipe)"},
		{report("$TMP/big.yaml"), "resilience: -in $TMP/big.yaml: larger than 16 MiB (16777217 bytes)"},
		{report("$TMP/none.json"), "resilience: -in $TMP/none.json: no such file or directory"},
		{[]string{"report", "-in", "$TMP/ok.json", "-previous", "/dev/zero", "-out", "$TMP/r"}, "resilience: -previous /dev/zero: not a regular file (a character device)"},
		// A result file that is not a result says so in words.
		{report("$TMP/list.json"), "resilience: -in $TMP/list.json: want the result.json a run writes (a JSON object), got a JSON array"},
		{report("$TMP/blank.json"), "resilience: -in $TMP/blank.json: the file is empty: want the result.json a run writes"},
		{report("$TMP/text.json"), "resilience: -in $TMP/text.json: not JSON: invalid character 'h' looking for beginning of value (byte 1)"},
		{report("$TMP/version.json"), "resilience: -in $TMP/version.json: field schemaVersion: want a string, got a JSON number"},
		// Numbers are finite, in range and whole where they must be.
		{spec("nan.yaml"), "resilience: spec $TMP/nan.yaml: line 8: slo.availability: out of range: NaN, want a ratio in (0, 1], e.g. 0.999; 0 means the default 0.99"},
		{spec("avail.yaml"), "resilience: spec $TMP/avail.yaml: line 8: slo.availability: out of range: -0.5, want a ratio in (0, 1], e.g. 0.999; 0 means the default 0.99"},
		{spec("inf.yaml"), "resilience: spec $TMP/inf.yaml: line 8: scale: out of range: +Inf, want more than 0 and at most 100; 0 means the default 1"},
		{spec("rate.yaml"), "resilience: spec $TMP/rate.yaml: line 8: target.rate: out of range: -1 requests/s, want 1 to 10000; 0 means the default 40"},
		// A dependency is declared whole; a scenario that needs it and is
		// asked for by name says so.
		{spec("dep.yaml"), "resilience: spec $TMP/dep.yaml: line 8: target.dependency.timeout: out of range: 0s, want the target's timeout on a call to it, above 0 and at most 1m0s"},
		{dry("-spec", "$TMP/inside.yaml", "-scenarios", "autoscaling"), "resilience: spec: scenario autoscaling cannot run: line 1: target.nodePort: required: the autoscaling burst is sent from this machine, which reaches the target only through a nodePort, and it has none"},
		{dry("-spec", "$TMP/local.yaml"), "resilience: spec $TMP/local.yaml: line 1: target.nodePort: required: the Service's node port, 30000 to 32767, for load from this machine; a target reached only through its Service takes load: {from: cluster} and target.port"},
		{dry("-spec", "$TMP/inside.yaml", "-load", "local"), "resilience: usage: a flag gives the spec a bad value: line 1: target.nodePort: required: the Service's node port, 30000 to 32767, for load from this machine; a target reached only through its Service takes load: {from: cluster} and target.port"},
		{dry("-spec", "testdata/spec.yaml", "-scenarios", "dependency-outage"), "resilience: spec: scenario dependency-outage cannot run: line 5: target.dependency: required: the backend the scenario cuts the target off from"},
		{dry("-spec", "testdata/spec.yaml", "-scenarios", "pod-termination,dependency-outage"), "resilience: usage: -scenarios dependency-outage: line 5: target.dependency: required: the backend the scenario cuts the target off from"},
		// A composed scenario names known faults and checks.
		{spec("meteor.yaml"), `resilience: spec $TMP/meteor.yaml: line 10: scenarios[0].faults[0].fault: invalid: unknown fault "meteor" (resilience list shows the 21 there are)`},
		{dry("-scenarios", "sky"), `resilience: usage: -items/-scenarios: unknown scenario "sky" (have "pod-termination", "network-policy", "dependency-outage", "degraded-network", "rolling-update", "autoscaling", "node-drain", "network-partition", "node-loss")`},
		// Sizes are bounded where decoding them would cost: 60,000 labels
		// took 25 s before their bound.
		{spec("labels.yaml"), "resilience: spec $TMP/labels.yaml: line 5: target.selector: invalid: 60000 keys, at most 64"},
		{spec("items.yaml"), "resilience: spec $TMP/items.yaml: line 99998: items[99989]: invalid: the spec holds more than 100000 values (an alias counts each time it is used)"},
		{spec("nodeport.yaml"), "resilience: spec $TMP/nodeport.yaml: line 6: target.nodePort: wrong type: 30090.5 is not a whole number"},
		{dry("-scale", "NaN"), "resilience: usage: -scale NaN: want a number more than 0 and at most 100"},
		{dry("-scale", "Inf"), "resilience: usage: -scale +Inf: want a number more than 0 and at most 100"},
		{dry("-scale", "-Inf"), "resilience: usage: -scale -Inf: want a number more than 0 and at most 100"},
		{dry("-bench-load", "-load", "local"), `resilience: usage: -bench-load compares this machine's load with the cluster's: it needs -load cluster, not "local"`},
		{dry("-bench-rates", "10"), "resilience: usage: -bench-rates and -bench-step go with -bench-load"},
		{dry("-load", "moon"), `resilience: usage: -load "moon": want local or cluster`},
		{dry("-scale", "0"), "resilience: usage: -scale 0: want a number more than 0 and at most 100"},
		{dry("-push", "127.0.0.1:9091"), `resilience: usage: -push "127.0.0.1:9091": want a Pushgateway's http(s) URL, e.g. http://127.0.0.1:9091`},
		{dry("-push", "http://127.0.0.1:9091", "-push-job", ""), "resilience: usage: -push-job is empty"},
		// images.build is a Go package, never a flag.
		{spec("build.yaml"), `resilience: spec $TMP/build.yaml: line 9: target.images[0].build: invalid: "-toolexec=/bin/sh" is not a Go package path (e.g. ./cmd/web): it must not start with - nor hold spaces or control characters`},
		// -out is a folder that can be written.
		{dry("-out", "$TMP/file"), "resilience: usage: -out $TMP/file: $TMP/file is not a directory"},
		{dry("-out", "$TMP/file/report"), "resilience: usage: -out $TMP/file/report: $TMP/file is not a directory"},
		{dry("-out", "/proc/x"), "resilience: usage: -out /proc/x: cannot write into /proc: …"},
		{[]string{"report", "-in", "$TMP/list.json", "-out", "$TMP/file"}, "resilience: usage: -out $TMP/file: $TMP/file is not a directory"},
		// Scenarios once each; -kubeconfig and -context resolve.
		{dry("-scenarios", "node-drain,pod-termination,node-drain"), `resilience: usage: invalid value "node-drain,pod-termination,node-drain" for flag -scenarios: scenario "node-drain" given twice (resilience run -h lists the flags)`},
		{dry("-scenarios", "node-drain", "-scenarios", "node-drain"), `resilience: usage: invalid value "node-drain" for flag -scenarios: scenario "node-drain" given twice (resilience run -h lists the flags)`},
		{dry("-kubeconfig", "$TMP/none"), "resilience: usage: -kubeconfig $TMP/none: no such file or directory"},
		{dry("-kubeconfig", "$TMP"), "resilience: usage: -kubeconfig $TMP: not a regular file"},
		{dry("-kubeconfig", "/dev/zero"), "resilience: usage: -kubeconfig /dev/zero: not a regular file"},
		{dry("-kubeconfig", "$TMP/file"), "resilience: usage: -kubeconfig $TMP/file: …"},
		{dry("-kubeconfig", "$TMP/kubeconfig", "-context", "kind-nope"), `resilience: usage: -context "kind-nope": -kubeconfig $TMP/kubeconfig does not define it (have gke_acme_europe-west1_prod, kind-golive, other)`},
		{dry("-kubeconfig", "$TMP/kubeconfig", "-context", "other"), `resilience: usage: -context "other": not a kind cluster's context (want kind-<cluster>, or -generic to reach any cluster through its API)`},
		{dry("-kubeconfig", "$TMP/kubeconfig", "-context", "gke_acme_europe-west1_prod", "-generic"),
			`resilience: usage: -context "gke_acme_europe-west1_prod" looks like production, and a run injects faults: refused unless -allow-context gke_acme_europe-west1_prod names it`},
		{dry("-generic"), "resilience: usage: -generic reaches an existing cluster: give its -context"},
		// A test cluster's node-monitor grace leaves room for a late lease.
		{[]string{"cluster", "up", "-node-monitor-grace", "10s"}, "resilience: usage: -node-monitor-grace 10s: want whole seconds, at least 20s (the kubelet renews its lease every 10s)"},
		{[]string{"cluster", "up", "-node-monitor-grace", "25.5s"}, "resilience: usage: -node-monitor-grace 25.5s: want whole seconds, at least 20s (the kubelet renews its lease every 10s)"},
		// Flags: one line, no flag list.
		{[]string{"run", "-bogus"}, "resilience: usage: flag provided but not defined: -bogus (resilience run -h lists the flags)"},
		{[]string{"list", "-o", "xml"}, `resilience: usage: -o "xml": want text, json or yaml`},
	} {
		args := make([]string, len(tc.args))
		for i, a := range tc.args {
			args[i] = strings.ReplaceAll(a, "$TMP", dir)
		}
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			got, want := strings.TrimSuffix(stderr, "\n"), strings.ReplaceAll(tc.want, "$TMP", dir)
			if prefix, ok := strings.CutSuffix(want, "…"); ok {
				if !strings.HasPrefix(got, prefix) || strings.Contains(got, "\n") {
					t.Errorf("stderr:\n%s\nwant one line starting\n%s", got, prefix)
				}
			} else if got != want {
				t.Errorf("stderr:\n%s\nwant\n%s", got, want)
			}
			if tc.args[0] == "run" && stdout != "" {
				t.Errorf("a refused run printed a plan:\n%s", stdout)
			}
		})
	}
	// The checks leave nothing behind.
	if m, _ := filepath.Glob(filepath.Join(dir, ".resilience-probe-*")); len(m) > 0 {
		t.Errorf("probe files left: %v", m)
	}
}

// TestGoodInputs: -out, -kubeconfig and -context that resolve pass the
// checks, and a dry run creates no -out folder.
func TestGoodInputs(t *testing.T) {
	t.Parallel()
	dir := inputFixtures(t)
	out := filepath.Join(dir, "new", "report")
	code, stdout, stderr := runCLI(t, "run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"), "-out", out,
		"-kubeconfig", filepath.Join(dir, "kubeconfig"), "-context", "kind-golive")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `the kind cluster of context "kind-golive"`) {
		t.Errorf("dry run:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Errorf("the dry run made the -out folder's parent: %v", err)
	}
	// -generic reaches any context through its API; production needs
	// -allow-context naming it.
	for _, args := range [][]string{{"-context", "other", "-generic"},
		{"-context", "gke_acme_europe-west1_prod", "-generic", "-allow-context", "gke_acme_europe-west1_prod"}} {
		code, stdout, stderr := runCLI(t, append([]string{"run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"),
			"-kubeconfig", filepath.Join(dir, "kubeconfig")}, args...)...)
		if code != exitOK || !strings.Contains(stdout, "through its Kubernetes API only") {
			t.Errorf("%v: exit %d: %s\n%s", args, code, stderr, stdout)
		}
	}
	// Without -context, the kubeconfig's current context is checked.
	if code, _, stderr := runCLI(t, "run", "-dry-run", "-spec", filepath.Join("testdata", "spec.yaml"),
		"-kubeconfig", filepath.Join(dir, "kubeconfig")); code != exitOK {
		t.Errorf("-kubeconfig alone: exit %d: %s", code, stderr)
	}
}
