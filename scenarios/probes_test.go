package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Readiness / liveness probes: no container restarted under the nominal
// load of the pod-termination run.
func TestProbes(t *testing.T) {
	prove(t, checks.ItemProbes,
		good(scenarios.PodTermination),
		twin(scenarios.PodTermination, "liveness-under-load", "restart"))
}
