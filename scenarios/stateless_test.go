package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Statelessness: keys written through the target before its pods are
// replaced read back afterwards through any pod; a target that keeps its
// state in memory loses the keys its replaced pods took.
func TestStateless(t *testing.T) {
	prove(t, checks.ItemStateless, statelessRows...)
}

// statelessRows are TestStateless's rows; the suite deploys their variants side by side.
var statelessRows = register(
	good(scenarios.PodTermination),
	twin(scenarios.PodTermination, "in-memory-state", "the state left with its pod"))
