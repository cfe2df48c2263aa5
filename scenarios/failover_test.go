package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// HA & failover: the node-loss run's service keeps serving and recovers.
func TestFailover(t *testing.T) {
	prove(t, checks.ItemFailover, failoverRows...)
}

// failoverRows are TestFailover's rows; the suite deploys their variants side by side.
var failoverRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "one-node", "went dark"),
	twin(scenarios.NodeLoss, "single-replica", "went dark"))
