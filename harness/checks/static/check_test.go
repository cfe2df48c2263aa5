package static_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/harness/timeline"
)

// two is two workloads: web (a tagged image) and api (an untagged one).
var two = docs(deployment(web), strings.ReplaceAll(deployment(`{containers: [{name: api, image: "api"}]}`), "web", "api"))

func summary(vs []harness.Verdict) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Item+" "+v.Status.String()+" "+v.Reason)
	}
	return out
}

func TestWorkloadOption(t *testing.T) {
	t.Parallel()
	api := timeline.Ref{Kind: "Deployment", Namespace: "shop", Name: "api"}
	gone := timeline.Ref{Kind: "StatefulSet", Namespace: "shop", Name: "gone"}
	vs, err := static.Check([]byte(two), static.Workload(api), static.Workload(gone), static.Only(static.ItemImage))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`image FAIL Deployment shop/api: container "api" image "api" has no tag: it runs whatever latest is at pull time`,
		"image ERROR StatefulSet shop/gone is not in the manifests",
	}
	if diff := cmp.Diff(want, summary(vs)); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	all, err := static.Check([]byte(two))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all), 2*len(static.Items()); got != want {
		t.Errorf("%d verdicts for two workloads, want %d", got, want)
	}
}

func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opt  static.Option
		want error
	}{
		{static.Only("uptime"), static.ErrUnknownItem},
		{static.Workload(timeline.Ref{Kind: "Pod", Name: "web"}), static.ErrWorkloadKind},
		{static.MinReplicas(0), static.ErrMinReplicas},
		{static.ShutdownMargin(-1), static.ErrShutdownMargin},
	} {
		if _, err := static.Check([]byte(two), tc.opt); !errors.Is(err, tc.want) {
			t.Errorf("error %v, want %v", err, tc.want)
		}
	}
}

func TestItems(t *testing.T) {
	t.Parallel()
	want := []string{"readiness / liveness probes", "resources & QoS", "replicas", "HPA", "PDB", "anti-affinity / spread",
		"graceful shutdown", "rolling update & rollback", "network policy", "pod security", "observability", "image"}
	if diff := cmp.Diff(want, static.Items()); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestAsCheck(t *testing.T) {
	t.Parallel()
	c := static.AsCheck([]byte(two), static.Only(static.ItemImage, static.ItemReplicas))
	if c.Item() != static.CheckItem {
		t.Errorf("Item() = %q", c.Item())
	}
	got := c.Evaluate(nil)
	want := []string{
		"replicas PASS Deployment shop/web: runs 3 replicas, no fewer than the 2 required; Deployment shop/api: runs 3 replicas, no fewer than the 2 required",
		`image FAIL Deployment shop/api: container "api" image "api" has no tag: it runs whatever latest is at pull time`,
	}
	if diff := cmp.Diff(want, summary(got)); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	wantEv := harness.Evidence{
		Counts: map[string]float64{
			"Deployment shop/web: replicas": 3, "Deployment shop/web: min_replicas": 2,
			"Deployment shop/api: replicas": 3, "Deployment shop/api: min_replicas": 2,
		},
		Objects: []timeline.Ref{{Kind: "Deployment", Namespace: "shop", Name: "web"}, {Kind: "Deployment", Namespace: "shop", Name: "api"}},
	}
	if diff := cmp.Diff(wantEv, got[0].Evidence); diff != "" {
		t.Errorf("merged evidence (-want +got):\n%s", diff)
	}
	bad := static.AsCheck([]byte("kind: [\n"), static.Only(static.ItemPDB)).Evaluate(nil)
	if len(bad) != 1 || bad[0].Item != static.ItemPDB || bad[0].Status != harness.Error ||
		!strings.HasPrefix(bad[0].Reason, "judging the manifests: manifest document 1: ") {
		t.Errorf("undecodable manifests: %+v", bad)
	}
}
