// Package remote sends a loadgen plan's load from attackers running inside
// the cluster and merges their measurement windows into the one stream a
// local loadgen.Run would have produced.
//
// An attacker is a [Server] (command attacker serves one): it runs its share
// of a plan, given as a [PlanSpec], and keeps the windows it closes until a
// [Client] reads them. A [Fleet] splits a plan's constant rate across its
// attackers, starts them all with the same start time so that their windows
// share boundaries, polls them, and emits each window merged with
// loadgen.MergeWindows as soon as every live attacker has closed it. The
// Fleet's Run has the shape of the harness's LoadFunc.
//
// Only constant load can be split; ramps and steps are refused. An attacker
// sends load only to loopback and to the hosts its PlanSpec names (the
// target's Service), never anywhere else.
//
// The package is silent unless given a logger.
package remote
