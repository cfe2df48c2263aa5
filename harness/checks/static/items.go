package static

import "github.com/golive/resilience/harness"

// Checklist items this package judges, as the go-live checklist names
// them (the same strings as the dynamic checks use).
const (
	ItemProbes           = "readiness / liveness probes"
	ItemResources        = "resources & QoS"
	ItemReplicas         = "replicas"
	ItemHPA              = "HPA"
	ItemPDB              = "PDB"
	ItemSpread           = "anti-affinity / spread"
	ItemGracefulShutdown = "graceful shutdown"
	ItemRollout          = "rolling update & rollback"
	ItemNetworkPolicy    = "network policy"
	ItemPodSecurity      = "pod security"
	ItemObservability    = "observability"
	ItemImage            = "image"
)

// judge decides one item for one workload.
type judge func(m *manifests, w *workload, c *config) harness.Verdict

// judges lists every item in the order verdicts are returned.
var judges = []struct {
	item  string
	judge judge
}{
	{ItemProbes, judgeProbes},
	{ItemResources, judgeResources},
	{ItemReplicas, judgeReplicas},
	{ItemHPA, judgeHPA},
	{ItemPDB, judgePDB},
	{ItemSpread, judgeSpread},
	{ItemGracefulShutdown, judgeShutdown},
	{ItemRollout, judgeRollout},
	{ItemNetworkPolicy, judgeNetworkPolicy},
	{ItemPodSecurity, judgePodSecurity},
	{ItemObservability, judgeObservability},
	{ItemImage, judgeImage},
}

// Items returns every item the package judges, in the order of its
// verdicts.
func Items() []string {
	out := make([]string, len(judges))
	for i, j := range judges {
		out[i] = j.item
	}
	return out
}
