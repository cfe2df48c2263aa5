package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// HA & failover: when a node is lost its pods leave the Service within the
// node-monitor grace, the SLO holds after that, and the service recovers.
func TestFailover(t *testing.T) {
	prove(t, checks.ItemFailover, failoverRows...)
}

// failoverRows are TestFailover's rows; the suite deploys their variants side by side.
var failoverRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "one-node", "after failover the service kept"),
	twin(scenarios.NodeLoss, "single-replica", "after failover the service kept"),
	twin(scenarios.NodeLoss, "publish-not-ready", "failover did not happen"))
