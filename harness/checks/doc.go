// Package checks holds the dynamic checks of the go-live suite: each reads a
// run's timeline — load windows, observed pods and objects, fault events —
// and returns one verdict for its checklist item, with the counts and
// moments it rests on.
package checks

// Checklist items, as the go-live checklist names them.
const (
	ItemGracefulShutdown = "graceful shutdown"
	ItemProbes           = "readiness / liveness probes"
	ItemResources        = "resources & QoS"
	ItemReplicas         = "replicas"
	ItemHPA              = "HPA"
	ItemPDB              = "PDB"
	ItemSpread           = "anti-affinity / spread"
	ItemStateless        = "statelessness"
	ItemRollout          = "rolling update & rollback"
	ItemSLO              = "SLOs / KPIs"
	ItemFailover         = "HA & failover, chaos"
	ItemNetworkPolicy    = "network policy"
	ItemPodSecurity      = "pod security"
	ItemObservability    = "observability"
)
