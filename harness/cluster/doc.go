// Package cluster runs the harness on any Kubernetes cluster a kubeconfig
// context reaches, through the Kubernetes API only: no Docker, no kubectl
// binary, no access to the nodes. Generic applies and removes manifests by
// server-side apply, lists nodes, reads pod metrics, and checks that images
// are already on the nodes, since it has no way to load them. Faults and
// steps that need to reach a node's container or machine get
// ErrNoNodeProvider.
package cluster
