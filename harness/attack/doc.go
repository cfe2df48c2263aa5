// Package attack sends a scenario's load from inside the cluster: a Job of
// attacker pods (cmd/attacker, a FROM-scratch image) on the control plane
// where it takes them (this project's node faults strike workers; its
// drains spare them, fault.LabelInstrument), each sending its share of the
// plan's rate at the target's Service (its ClusterIP, so that a DNS fault
// hits the target, not its load), their measurement windows read back
// through the API server's pod proxy and merged into one stream
// (loadgen/remote). A report cannot tell the windows from local load's but
// by its header.
//
// Load from inside the cluster reaches a target through its Service as the
// target's real clients do (kube-proxy on every node, not one node port).
// The attackers aim only at the target's Service address, given them when
// they are deployed: nothing else is allowed by their loadgen, whoever
// orders them.
package attack
