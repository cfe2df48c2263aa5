// Package observe records what the cluster does during a run: informers on
// the target's pods, EndpointSlices, Deployments, ReplicaSets,
// HorizontalPodAutoscalers and PodDisruptionBudgets, on nodes and on
// Kubernetes events, feeding a timeline with gauge samples and transition
// events on the same clock as the load windows. Informers list and then
// watch, so nothing between the two is missed; memory grows with the number
// of objects, not with the length of the run.
package observe

// Series recorded for the target (Deployment, ReplicaSet, HPA and PDB
// series are per object: "deployment/<name>/available").
const (
	SeriesPodsReady            = "pods/ready"
	SeriesPodsReadyOn          = "pods/ready/on/" // + node name: ready pods there
	SeriesPodsTotal            = "pods/total"     // not terminating
	SeriesPodsTerminating      = "pods/terminating"
	SeriesRestarts             = "pods/restarts" // sum over the live pods
	SeriesEndpointsReady       = "endpoints/ready"
	SeriesEndpointsServing     = "endpoints/serving"
	SeriesEndpointsTerminating = "endpoints/terminating"
	SeriesNodesReady           = "nodes/ready"
	SeriesNodesSchedulable     = "nodes/schedulable"
)

// Attribute keys of the events this package records.
const (
	AttrContainer = "container"
	AttrExitCode  = "exitCode"
	AttrReason    = "reason"
	AttrNode      = "node"
	AttrType      = "type" // Kubernetes event type: Normal, Warning
)

// MsgPodDeleted is the message of the event recorded when a pod object is
// gone from the API (its containers stopped, its grace period over).
const MsgPodDeleted = "pod deleted"

// MsgPodTerminating is the message of the event recorded when a target
// pod starts terminating (its deletion requested): from then on its
// Service sends it no new connections.
const MsgPodTerminating = "pod terminating"

// Source is the Source of every event this package records.
const Source = "observe"
