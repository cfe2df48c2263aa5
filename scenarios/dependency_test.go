package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Probes against a dependency's outage: the target's pods are cut off from
// the store they call on /dependency for 40 s. Their own health is
// unchanged, so none may leave the Service or restart: the checklist's
// "readiness and liveness conditions based on … required dependencies".
func TestDependencyProbes(t *testing.T) {
	prove(t, checks.ItemProbes, dependencyProbesRows...)
}

// dependencyProbesRows are TestDependencyProbes's rows; the suite deploys their variants side by side.
var dependencyProbesRows = register(
	good(scenarios.DependencyOutage),
	twin(scenarios.DependencyOutage, "readiness-checks-dependency", "every pod went unready when the dependency failed"),
	twin(scenarios.DependencyOutage, "liveness-checks-dependency", "restart"))

// Degradation under a dependency's outage, a chaos experiment: the path
// that calls the dependency fails within the target's timeout on it, the
// others keep the SLO, and everything is back 5 s after the dependency.
func TestDependencyIsolation(t *testing.T) {
	prove(t, checks.ItemFailover, dependencyIsolationRows...)
}

// dependencyIsolationRows are TestDependencyIsolation's rows.
var dependencyIsolationRows = register(
	good(scenarios.DependencyOutage),
	twin(scenarios.DependencyOutage, "no-client-timeout", "requests hung for"))
