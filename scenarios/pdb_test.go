package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// PDB: a drain under load must keep ready endpoints ≥ minAvailable.
func TestPDB(t *testing.T) {
	prove(t, checks.ItemPDB,
		good(scenarios.NodeDrain),
		twin(scenarios.NodeDrain, "no-pdb", "below the 2 required"),
		twin(scenarios.NodeDrain, "pdb-allows-all", "below the 2 required"))
}
