package runner

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/golive/resilience/reports"
)

func TestMerge(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)
	a := &reports.Result{Name: "shop", Tool: "resilience run", Started: t0, Finished: t0.Add(time.Hour),
		Cluster:   reports.Cluster{Name: "golive", Nodes: 3},
		Scenarios: []reports.Scenario{{Name: "pod-termination"}, {Name: "node-drain"}}}
	b := &reports.Result{Name: "cart", Started: t0.Add(-time.Hour), Finished: t0.Add(30 * time.Minute), Interrupted: true, Reason: "interrupted",
		Cluster: reports.Cluster{Name: "golive", Nodes: 3}, Scenarios: []reports.Scenario{{Name: "pod-termination"}}}
	got := Merge(a, b)
	want := &reports.Result{Name: "shop + cart", Tool: "resilience run", Started: t0.Add(-time.Hour), Finished: t0.Add(time.Hour),
		Interrupted: true, Reason: "interrupted", Cluster: reports.Cluster{Name: "golive", Nodes: 3},
		Scenarios: []reports.Scenario{{Name: "pod-termination"}, {Name: "node-drain"}, {Name: "pod-termination (run 2)"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Error(err)
	}
	b.Cluster.Name = "other"
	if got := Merge(a, b).Cluster; got != (reports.Cluster{Name: "golive, other"}) {
		t.Errorf("clusters of two names: %+v", got)
	}
	if Merge(a) != a {
		t.Error("one result is not returned as it is")
	}
}
