package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// Graceful shutdown: pods deleted under load (one every 6 s) must finish
// their requests and leave the Service before they stop.
func TestGracefulShutdown(t *testing.T) {
	prove(t, checks.ItemGracefulShutdown, gracefulShutdownRows...)
}

// gracefulShutdownRows are TestGracefulShutdown's rows; the suite deploys their variants side by side.
var gracefulShutdownRows = register(
	good(scenarios.PodTermination),
	twin(scenarios.PodTermination, "exit-on-sigterm", "failed while pods were shutting down"),
	// Kubernetes takes a terminating pod out of its Service's ready
	// endpoints whatever its readiness says; what this twin loses comes
	// from its missing preStop, when kube-proxy lags its 2 s drain delay
	// (69 requests in one run, none in the next): caught for sure by the
	// static rule, by the run when the lag shows.
	twin(scenarios.PodTermination, "ready-during-shutdown", "no preStop hook"),
	twin(scenarios.PodTermination, "short-grace", "SIGKILL"),
	// Two replicas and a readiness probe every 10 s (podinfo's shape): the
	// deletes are paced by the Deployment's own replacements, so one pod
	// stays ready and nothing is lost — a shutdown defect, or capacity
	// removed faster than Kubernetes would, would show here.
	fine(scenarios.PodTermination, "slow-readiness"))
