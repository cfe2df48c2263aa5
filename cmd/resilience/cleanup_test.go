package main

import (
	"bytes"
	"testing"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/scenarios/runner"
)

// The dry run says what it would do, with -keep-clusters too, and says so
// when a cluster holds nothing of ours.
func TestPrintCleaned(t *testing.T) {
	t.Parallel()
	found := []runner.Cleaned{
		{Cluster: "golive", Ours: true},
		{Cluster: "golive-suite", Ours: true, Leftovers: []fault.Leftover{{Family: "network",
			Object: timeline.Ref{Kind: "node", Name: "golive-suite-worker"}, What: "iptables chain GOLIVE-PART-1: delete"}}},
		{Cluster: "theirs"},
	}
	var b bytes.Buffer
	if failed := printCleaned(&b, found, true, true); failed != 0 {
		t.Errorf("failed %d", failed)
	}
	want := `cluster golive: made by this project: would be swept, and kept
  no leftovers: no fault of ours in place, no run's namespace
cluster golive-suite: made by this project: would be swept, and kept
  leftover of a network fault: node/golive-suite-worker: iptables chain GOLIVE-PART-1: delete
cluster theirs: not made by this project: left alone
`
	if b.String() != want {
		t.Errorf("printed:\n%s\nwant:\n%s", b.String(), want)
	}
}
