// Package scenarios is the go-live suite: one scenario per group of
// checklist items, run against the demo target and its defect twins on a
// kind cluster. `go test ./scenarios/...` proves that the good target
// passes each item and that every twin fails the item it breaks, for the
// stated reason; the CLI runs the same cases against any target.
package scenarios
