package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// SLOs: availability (judged on its 95 % Wilson interval) and p99 in
// every phase of the runs that keep the service whole. The twin fails 2 %
// of its requests with no fault at all: over a pod-termination run's
// ~2000 requests the interval's upper bound (~98.6 %) is below a 99 %
// target, as the good target's lower bound (~99.8 % with no failure) is
// above it — both are decided, neither is a coin flip.
func TestSLO(t *testing.T) {
	prove(t, checks.ItemSLO, sLORows...)
}

// sLORows are TestSLO's rows; the suite deploys their variants side by side.
var sLORows = register(
	good(scenarios.PodTermination),
	twin(scenarios.PodTermination, "errors-2pct", "SLO missed"),
	good(scenarios.RollingUpdate),
	good(scenarios.NodeDrain),
	good(scenarios.NetworkPolicy))
