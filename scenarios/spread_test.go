package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Anti-affinity / spread: when the node is lost no node may hold more than
// ⌈pods / schedulable nodes⌉ of the target's pods.
func TestSpread(t *testing.T) {
	prove(t, checks.ItemSpread, spreadRows...)
}

// spreadRows are TestSpread's rows; the suite deploys their variants side by side.
var spreadRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "one-node", "4 of 4 pods sat on"))
