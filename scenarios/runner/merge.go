package runner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golive/resilience/reports"
)

// Merge folds the results of several runs into one, to render as one
// report: its scenarios are every run's in order (a name seen before gets
// " (run N)"), its span covers them all, and it is aborted or interrupted
// when any run was. One result is returned as it is.
func Merge(results ...*reports.Result) *reports.Result {
	if len(results) == 1 {
		return results[0]
	}
	out := &reports.Result{Scenarios: []reports.Scenario{}}
	var names, reasons, clusters []string
	seen := map[string]bool{}
	for i, r := range results {
		if i == 0 || r.Started.Before(out.Started) {
			out.Started = r.Started
		}
		if r.Finished.After(out.Finished) {
			out.Finished = r.Finished
		}
		out.Aborted = out.Aborted || r.Aborted
		out.Interrupted = out.Interrupted || r.Interrupted
		if r.Reason != "" {
			reasons = append(reasons, r.Reason)
		}
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
		if !slices.Contains(clusters, r.Cluster.Name) {
			clusters = append(clusters, r.Cluster.Name)
		}
		for _, s := range r.Scenarios {
			if seen[s.Name] {
				s.Name = fmt.Sprintf("%s (run %d)", s.Name, i+1)
			}
			seen[s.Name] = true
			out.Scenarios = append(out.Scenarios, s)
		}
	}
	out.Name, out.Tool, out.Reason = strings.Join(names, " + "), results[0].Tool, strings.Join(reasons, "; ")
	out.Cluster = results[0].Cluster
	if len(clusters) > 1 {
		out.Cluster = reports.Cluster{Name: strings.Join(clusters, ", ")}
	}
	return out
}
