// Package hello proves the hello app's go-live checklist from go test:
// TestMain makes or reuses the spec's kind cluster (golive-example) and
// deletes it after when it made it; TestGoLive builds ./app into an
// image, deploys ./deploy, deletes its pods one after the other under
// load (the pod-termination scenario) and turns each verdict into a
// subtest. The report lands in _out/golive/index.html.
//
//	go test -count=1 -timeout 30m -v ./...
//
// -short skips it (no Docker needed); GOLIVE_KEEP_CLUSTER=1 keeps the
// cluster for the next run.
package hello

import (
	"flag"
	"log/slog"
	"os"
	"testing"

	"sigs.k8s.io/e2e-framework/pkg/env"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/prove"
)

const spec = "golive.yaml"

var testenv env.Environment

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	testenv = env.New()
	testenv.Setup(prove.Setup(spec, prove.Logger(log)))
	testenv.Finish(prove.Finish(spec, prove.Logger(log)))
	os.Exit(testenv.Run(m))
}

func TestGoLive(t *testing.T) {
	if testing.Short() {
		t.Skip("needs Docker and a kind cluster; skipped under -short")
	}
	items := []string{checks.ItemGracefulShutdown, checks.ItemProbes, checks.ItemResources, checks.ItemSLO}
	// Every scenario that judges one of the items would run; pod-termination
	// judges all four, in about two minutes.
	testenv.Test(t, prove.Feature(spec, items, prove.Scenarios(scenarios.PodTermination)))
}
