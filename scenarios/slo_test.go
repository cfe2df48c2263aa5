package scenarios_test

import (
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/scenarios"
)

// SLOs: availability (with its sample size) and p99 in every phase of the
// runs that keep the service whole. No twin of the catalogue breaks the
// SLO by a margin a short run can be sure of (exit-on-sigterm loses about
// 1 % of its requests: sometimes above, sometimes below a 99 % target), so
// the check's FAIL side is proven on recorded timelines
// (harness/checks: "slo missed in fault") and every twin that loses
// requests fails its own item here.
func TestSLO(t *testing.T) {
	prove(t, checks.ItemSLO, sLORows...)
}

// sLORows are TestSLO's rows; the suite deploys their variants side by side.
var sLORows = register(
	good(scenarios.PodTermination),
	good(scenarios.RollingUpdate),
	good(scenarios.NetworkPolicy))
