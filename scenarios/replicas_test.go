package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Replicas: with the worker that hosts most pods lost, at least two ready
// pods stay on the other nodes through the fault.
func TestReplicas(t *testing.T) {
	prove(t, checks.ItemReplicas, replicasRows...)
}

// replicasRows are TestReplicas's rows; the suite deploys their variants side by side.
var replicasRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "single-replica", "ready pods were left on the other nodes"))
