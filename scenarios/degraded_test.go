package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Probes under a degraded network: 10 % of the target pods' packets
// dropped for 35 s. The kubelet's probes cross the same loss; a probe
// must tolerate a lost packet (TCP retries a handshake after 1 s), or the
// pods restart though nothing is wrong with them.
func TestDegradedProbes(t *testing.T) {
	prove(t, checks.ItemProbes, degradedProbesRows...)
}

// degradedProbesRows are TestDegradedProbes's rows; the suite deploys their variants side by side.
var degradedProbesRows = register(
	good(scenarios.DegradedNetwork),
	twin(scenarios.DegradedNetwork, "fragile-liveness", "restart"))

// The SLO under a degraded network, a chaos experiment: TCP retransmits
// what the loss drops, so the requests keep the availability SLO; the
// latency it costs is stated against the baseline.
func TestDegradedNetwork(t *testing.T) {
	prove(t, checks.ItemFailover, degradedNetworkRows...)
}

// degradedNetworkRows are TestDegradedNetwork's rows.
var degradedNetworkRows = register(
	good(scenarios.DegradedNetwork),
	twin(scenarios.DegradedNetwork, "errors-2pct", "packet loss for"))
