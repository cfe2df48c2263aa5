package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Statelessness: with pods replaced every few seconds, any pod serves any
// request (availability held through the fault phase).
func TestStateless(t *testing.T) {
	prove(t, checks.ItemStateless, statelessRows...)
}

// statelessRows are TestStateless's rows; the suite deploys their variants side by side.
var statelessRows = register(
	good(scenarios.PodTermination))
