// Package runner runs the go-live suite's scenarios against the target a
// spec file describes, on a kind cluster: it builds and loads the
// target's images, deploys the target into a fresh namespace for each
// scenario, runs the scenario through the harness while reporting live
// progress, and folds the runs into one reports.Result — a partial one,
// marked interrupted, when the run is cancelled. It also finds and clears
// what crashed runs left behind (Cleanup).
package runner
