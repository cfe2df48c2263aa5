package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Readiness / liveness probes: no container restarted under the nominal
// load of the pod-termination run.
func TestProbes(t *testing.T) {
	prove(t, checks.ItemProbes, probesRows...)
}

// probesRows are TestProbes's rows; the suite deploys their variants side by side.
var probesRows = register(
	good(scenarios.PodTermination),
	twin(scenarios.PodTermination, "liveness-under-load", "restart"))
