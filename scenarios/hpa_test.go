package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// HPA: a CPU burst must scale the Deployment out within 70 s and back
// after it.
func TestHPA(t *testing.T) {
	prove(t, checks.ItemHPA,
		good(scenarios.Autoscaling),
		twin(scenarios.Autoscaling, "no-cpu-requests", "could not scale"))
}
