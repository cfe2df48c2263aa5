package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Resources & QoS: no OOMKill or eviction under the steady load nor under
// the autoscaling burst's CPU and memory work.
func TestResources(t *testing.T) {
	prove(t, checks.ItemResources, resourcesRows...)
}

// resourcesRows are TestResources's rows; the suite deploys their variants side by side.
var resourcesRows = register(
	good(scenarios.PodTermination),
	good(scenarios.Autoscaling),
	twin(scenarios.Autoscaling, "low-memory", "OOMKilled"),
	// Static: a container without limits; judged under the rolling
	// update, where resources are judged too, to leave the bursts' CPU to
	// the autoscaling run's twins.
	twin(scenarios.RollingUpdate, "no-limits", "limit"))
