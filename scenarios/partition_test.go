package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// HA & failover through a network partition: the busiest worker cut off
// from the control plane and the other nodes for 70 s, then healed. Its
// pods must leave the Service within the node-monitor grace, the SLO must
// hold after that, and the target must be whole again after the heal.
func TestPartitionFailover(t *testing.T) {
	prove(t, checks.ItemFailover, partitionRows...)
}

// partitionRows are TestPartitionFailover's rows; the suite deploys their variants side by side.
var partitionRows = register(
	good(scenarios.NetworkPartition),
	twin(scenarios.NetworkPartition, "one-node", "after failover the service kept"))
