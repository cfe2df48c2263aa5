package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// SLOs: availability (with its sample size) and p99 in every phase of the
// runs that keep the service whole.
func TestSLO(t *testing.T) {
	prove(t, checks.ItemSLO,
		good(scenarios.PodTermination),
		good(scenarios.RollingUpdate),
		good(scenarios.NetworkPolicy),
		twin(scenarios.PodTermination, "exit-on-sigterm", "availability"))
}
