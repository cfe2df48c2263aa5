package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Anti-affinity / spread: pods forced onto one node all go with it.
func TestSpread(t *testing.T) {
	prove(t, checks.ItemSpread, spreadRows...)
}

// spreadRows are TestSpread's rows; the suite deploys their variants side by side.
var spreadRows = register(
	good(scenarios.NodeLoss),
	twin(scenarios.NodeLoss, "one-node", "went dark"))
