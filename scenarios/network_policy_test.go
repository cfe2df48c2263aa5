package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Network policy: enforced by the cluster (self-test), only listed clients
// admitted, egress limited to DNS, the NodePort load path held.
func TestNetworkPolicy(t *testing.T) {
	prove(t, checks.ItemNetworkPolicy,
		good(scenarios.NetworkPolicy),
		twin(scenarios.NetworkPolicy, "no-networkpolicy", "no NetworkPolicy selects the target's pods"),
		twin(scenarios.NetworkPolicy, "allow-all-networkpolicy", "admits clients it does not list"))
}
