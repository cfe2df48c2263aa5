package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// PDB: a drain under load must keep ready endpoints ≥ minAvailable.
func TestPDB(t *testing.T) {
	prove(t, checks.ItemPDB, pDBRows...)
}

// pDBRows are TestPDB's rows; the suite deploys their variants side by side.
var pDBRows = register(
	good(scenarios.NodeDrain),
	twin(scenarios.NodeDrain, "no-pdb", "below the 2 required"),
	twin(scenarios.NodeDrain, "pdb-allows-all", "below the 2 required"))
