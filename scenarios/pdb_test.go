package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// PDB: a drain under load must keep ready endpoints ≥ minAvailable, and
// must be able to finish.
func TestPDB(t *testing.T) {
	prove(t, checks.ItemPDB, pdbRows...)
}

// pdbRows are TestPDB's rows; the suite deploys their variants side by side.
var pdbRows = register(
	good(scenarios.NodeDrain),
	twin(scenarios.NodeDrain, "no-pdb", "below the 3 required"),
	twin(scenarios.NodeDrain, "pdb-allows-all", "below the 3 required"),
	twin(scenarios.NodeDrain, "pdb-blocks-all", "the PDB blocks voluntary disruption"))
