package static_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness/checks/static"
)

func TestUndecodable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, manifests, want string
	}{
		{"malformed YAML", docs(deployment(web), "kind: Service\n  name: x\n: : :"), "manifest document 2: "},
		{"wrong field type", strings.Replace(deployment(web), "replicas: 3", "replicas: three", 1),
			"manifest document 1 (Deployment): json: cannot unmarshal string"},
		{"no kind", docs("# a comment", "metadata: {name: x}"), "manifest document 2: object has no apiVersion or kind"},
		{"not an object", "just a string\n", "manifest document 1: not a Kubernetes object"},
		{"bad apiVersion", "{apiVersion: a/b/c, kind: Deployment}", "manifest document 1 (Deployment): "},
		{"bad list item", "{apiVersion: v1, kind: List, items: [{apiVersion: apps/v1, kind: Deployment, spec: []}]}",
			"manifest document 1 (Deployment): json: cannot unmarshal array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs, err := static.Check([]byte(tc.manifests))
			if err == nil {
				t.Fatalf("no error, verdicts %+v", vs)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line beginning %q", msg, tc.want)
			}
		})
	}
}

func TestDecodableOddities(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, manifests string
		want            []string // item: status of every verdict
	}{
		{"empty", "", errorsForAll("the manifests hold no Deployment or StatefulSet")},
		{"comments and separators", "---\n# nothing\n---\n", errorsForAll("the manifests hold no Deployment or StatefulSet")},
		{"only other kinds", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n---\n{apiVersion: example.com/v1, kind: Widget, spec: 3}",
			errorsForAll("the manifests hold no Deployment or StatefulSet")},
		{"a List", "apiVersion: v1\nkind: List\nitems:\n- " + strings.ReplaceAll(deployment(web), "\n", "\n  "),
			[]string{"image: PASS: Deployment shop/web: every image is pinned"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs, err := static.Check([]byte(tc.manifests), static.Only(onlyOf(tc.want)...))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, v := range vs {
				got = append(got, v.Item+": "+v.Status.String()+": "+v.Reason)
				if i < len(tc.want) && strings.HasPrefix(got[i], tc.want[i]) {
					got[i] = tc.want[i] // the phrase is enough
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("verdicts (-want +got):\n%s", diff)
			}
		})
	}
}

// errorsForAll is an ERROR with reason for every item.
func errorsForAll(reason string) []string {
	var out []string
	for _, it := range static.Items() {
		out = append(out, it+": ERROR: "+reason)
	}
	return out
}

// onlyOf returns the items of "item: status: reason" lines.
func onlyOf(lines []string) []string {
	var out []string
	for _, l := range lines {
		it, _, _ := strings.Cut(l, ": ")
		out = append(out, it)
	}
	return out
}
