package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// HPA: a CPU burst must scale the Deployment out, new pods Ready, within
// the metrics pipeline's and the HPA's own periods; its scale-in is judged
// against the HPA's scale-down window when the run lasts that long.
func TestHPA(t *testing.T) {
	prove(t, checks.ItemHPA, hPARows...)
}

// hPARows are TestHPA's rows; the suite deploys their variants side by side.
var hPARows = register(
	good(scenarios.Autoscaling),
	twin(scenarios.Autoscaling, "no-cpu-requests", "could not scale"))
