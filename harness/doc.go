// Package harness runs a resilience scenario against a kind cluster: it
// starts watch-based observers and load, waits for a steady state, runs a
// schedule of faults (each armed with its revert before it is injected and
// kept in a ledger that reverts on panic, cancellation and timeouts), waits
// for recovery and evaluates the scenario's checks on the timeline of what
// happened, returning a Verdict per go-live checklist item.
//
// Faults live in the subpackages of harness/fault, observers in
// harness/observe and the timeline in harness/timeline. Sweep finds and
// undoes what a crashed run left behind. The package is silent unless
// given a logger with WithLogger.
package harness
