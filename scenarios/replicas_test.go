package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Replicas: losing the worker that hosts most pods must not take the
// service dark.
func TestReplicas(t *testing.T) {
	prove(t, checks.ItemReplicas, replicasRows...)
}

// replicasRows are TestReplicas's rows; the suite deploys their variants side by side.
var replicasRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "single-replica", "went dark"))
