package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Readiness / liveness probes: the static rule (both present, distinct,
// sane) and no container restarted under load — the pod-termination run's
// and a rollout's, where readiness gates the new pods.
func TestProbes(t *testing.T) {
	prove(t, checks.ItemProbes, probesRows...)
}

// probesRows are TestProbes's rows; the suite deploys their variants side by side.
var probesRows = register(
	good(scenarios.PodTermination),
	twin(scenarios.PodTermination, "liveness-under-load", "restart"),
	good(scenarios.RollingUpdate),
	twin(scenarios.RollingUpdate, "no-probes", "has no readinessProbe"))
