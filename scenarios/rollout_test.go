package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Rolling update & rollback: a rollout and its rollback under load lose
// no request, and each reaches its end state (every replica of the
// revision available) within the Deployment's progress deadline.
func TestRollout(t *testing.T) {
	prove(t, checks.ItemRollout, rolloutRows...)
}

// rolloutRows are TestRollout's rows; the suite deploys their variants side by side.
var rolloutRows = register(
	good(scenarios.RollingUpdate),
	twin(scenarios.RollingUpdate, "recreate", "failed during the change"),
	twin(scenarios.RollingUpdate, "quota-no-surge", "the rolling update did not complete"))
