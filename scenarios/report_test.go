package scenarios

import (
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/reports"
)

// The report's replica charts follow the Deployment the target names.
func TestReportScenarioSeriesOfTheDeployment(t *testing.T) {
	tl := timeline.New()
	tl.Sample("deployment/api/desired", 3)
	tl.Sample("deployment/target/desired", 9)
	r := &harness.Result{Timeline: tl, Start: time.Now(), End: time.Now()}
	s := ReportScenario("x", "", reports.Target{Workload: "Deployment/api"}, r)
	for _, se := range s.Series {
		if se.Name == reports.SeriesDesiredReplicas {
			if len(se.Points) != 1 || se.Points[0].Value != 3 {
				t.Errorf("desired replicas %+v, want the api Deployment's 3", se.Points)
			}
			return
		}
	}
	t.Errorf("no %s series in %+v", reports.SeriesDesiredReplicas, s.Series)
}
