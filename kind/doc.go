// Package kind gives tests and the CLI a real multi-node Kubernetes cluster
// through kind's Go API: create (or reuse) a named cluster from a typed
// Config, wait until every node is Ready and CoreDNS is available, load local
// images, list node handles for faults, install metrics-server, and delete it.
// Subpackage nodeimage provides the node image, also on machines with no
// container registry; subpackage engine makes sure a Docker engine answers.
package kind
