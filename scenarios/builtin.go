package scenarios

import (
	"time"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/loadgen"
)

// builtins are the suite's scenarios, composed as a spec's `scenarios:`
// composes a user's: the same faults, checks and Build. Each runs under
// the target's steady load after a 10 s baseline (~400 requests at 40/s,
// the fewest that judge a 99 % SLO, loadgen.MinSample) that must keep the
// SLO, or no PASS rests on the run; the steady gate waits up to 2 min (a
// cold pod start with its image on the node takes seconds).
var builtins = []Custom{
	{
		Name: string(PodTermination),
		// Defect twins may fail part of the load from the start; the gate
		// only makes sure the load reaches the target.
		Steady: CustomSteady{MinSuccess: 0.5, Windows: 2},
		// A pod every 6 s, but never faster than the Deployment replaces
		// them (paced): removing capacity faster than Kubernetes would
		// measures the test, not the target's shutdown. 30 s lets a
		// 4-replica target have every pod replaced once. The state probe
		// writes keys as the first pods go and reads them back once
		// several were replaced (a pod takes ~6 s to replace).
		Faults: []FaultStep{{Fault: "pod-delete", Every: 6 * time.Second, Paced: true},
			{Fault: "state-write"}, {Fault: "state-read", At: 24 * time.Second}},
		Fault:  30 * time.Second,
		Checks: []string{"graceful-shutdown", "no-restarts", "no-oom-kill", "slo", "stateless"},
	},
	{
		Name: string(NetworkPolicy),
		// The probe's self-test, clients and dials take 20-30 s.
		Faults: []FaultStep{{Fault: "network-policy-probe", Hold: 40 * time.Second}},
		Fault:  45 * time.Second,
		Checks: []string{"network-policy", "slo"},
	},
	{
		Name: string(DependencyOutage),
		// The dependency is gone 40 s: past a liveness probe's default
		// failure window (period 10 s × threshold 3) with a probe to
		// spare, so that a liveness that checks it restarts the pods.
		// The fault phase ends 5 s after its return, then 15 s of
		// recovery: ~600 requests judge the way back. Build adds the
		// paths that call the dependency to the load.
		Faults: []FaultStep{{Fault: "dependency-partition", Hold: 40 * time.Second}},
		Fault:  45 * time.Second, Recovery: 15 * time.Second,
		// Restarts first: a liveness probe that checks the dependency
		// restarts the pods, which also takes them out of the Service.
		Checks: []string{"no-restarts", "dependency-ready", "dependency-isolation"},
	},
	{
		Name: string(DegradedNetwork),
		// Loss of every target pod's packets for 35 s: the kubelet's
		// probes cross the same loss (a probe whose handshake is lost
		// waits 1 s to retry, past a 1 s timeout), so a liveness probe
		// that gives up on one failure restarts the pods, while the
		// requests must keep the SLO.
		Faults: []FaultStep{{Fault: "network-loss", Probability: Loss, Hold: 35 * time.Second}},
		Fault:  40 * time.Second,
		Checks: []string{"no-restarts", "degraded-network"},
	},
	{
		Name: string(RollingUpdate),
		// The rollout, 45 s on the new revision, then the rollback: both
		// end states (the demo's progress deadline is 60 s) fit in 90 s.
		// A rollout is where probes gate the new pods and a surge pod
		// takes memory: probes and resources are judged here too.
		Faults: []FaultStep{{Fault: "rollout", Hold: 45 * time.Second}},
		Fault:  90 * time.Second,
		Checks: []string{"rollout", "slo", "no-restarts", "no-oom-kill"},
	},
	{
		Name: string(Autoscaling),
		// The demo's HPA keeps Kubernetes' 300 s scale-down window, as a
		// production HPA does: the scale-in half is judged only by runs
		// long enough to see it (-scale 6 and up) and stated as not judged
		// otherwise, so the recovery needs no more than the others.
		// The burst must call for clearly more replicas than hpaMin: 20
		// requests/s of 20 ms CPU are ~400m, 100 % of the 100m each of 4
		// pods requests, for which the HPA (target 50 %) asks 8 — well
		// past its 10 % tolerance and hpaMin 5 (at 15/s, 4 pods ran at
		// ~60 % and the 5th was Ready only after 70 s, on the bar).
		Faults: []FaultStep{{Fault: "load-burst", Hold: 70 * time.Second}},
		Fault:  75 * time.Second,
		Checks: []string{"hpa", "no-oom-kill"},
	},
	{
		Name: string(NodeDrain),
		// kubectl drain's default is no timeout; 50 s lets a drain of two
		// pods (each eviction waits for its replacement Ready, ~10 s, and
		// its 10 s preStop) finish with room, and a PDB that refuses every
		// eviction show itself; the phase holds it with 10 s to spare.
		// A drain is judged on what it kept ready and on what the load saw.
		Faults: []FaultStep{{Fault: "node-drain", Node: NodeBusiest, Timeout: 50 * time.Second, Hold: 55 * time.Second}},
		Fault:  60 * time.Second,
		Checks: []string{"min-ready", "slo"},
	},
	{
		Name: string(NetworkPartition),
		// The busiest worker is cut off from the control plane and the
		// other nodes (every packet to or from their addresses dropped in
		// its container) for 70 s: past the node-monitor grace (50 s) and
		// the endpoints' update, as for a lost node, then healed. The
		// node never stopped: its kubelet reports again and its pods
		// return to the Service without a restart; the recovery gate
		// waits for the target whole again (no pod stuck terminating).
		Faults: []FaultStep{{Fault: "network-partition", Node: NodeBusiest, Hold: 70 * time.Second}},
		Fault:  75 * time.Second, Recovery: 20 * time.Second,
		Steady: CustomSteady{Recover: 3 * time.Minute},
		// Judged as a node loss: failover within the grace, the SLO after
		// it, recovery at 95 % (the healed node's endpoints return while
		// connections through it reset), two replicas left on the others.
		Checks: []string{"failover", "surviving-replicas"},
	},
	{
		Name: string(NodeLoss),
		// The node stays down 70 s: past the node-monitor grace (50 s) and
		// the endpoints' update, so that failover happens inside the phase
		// and the SLO after it is judged on ~15 s of requests (failover
		// measured at 45-54 s; with none failed, 380 requests show 99 %,
		// so a late failover can leave it INCONCLUSIVE). Not longer: the
		// node must be back, kubelet and pod network restarted, within
		// kube-router's BGP hold time (90 s), or the other nodes drop
		// their routes to its pods, which the kubelet reports Ready again
		// before the routes return. With 80 s, 2 of 3 runs lost 152 and
		// 381 requests in recovery that way: a cost of this cluster's pod
		// network, not of the target.
		Faults: []FaultStep{{Fault: "node-stop", Node: NodeBusiest, Hold: 70 * time.Second}},
		Fault:  75 * time.Second, Recovery: 20 * time.Second,
		Steady: CustomSteady{Recover: 3 * time.Minute},
		// Losing a node is the pod loss that replicas guard against: a
		// deleted pod keeps serving while terminating (kube-proxy falls back
		// to terminating endpoints), a pod on a stopped node does not.
		// Until the lost node turns NotReady (~40 s) its endpoints still get
		// their share of new connections: with half its pods there, a spread
		// target serves about half of the requests; a target with every pod
		// there serves none, 60 s and more in a row. After the node returns
		// its pods restart once, which costs about 1 % of the recovery
		// phase's requests.
		// HA & failover is judged on the physics instead: the lost pods
		// must leave the Service within the node-monitor grace (+ slack)
		// and the SLO must hold once they have, recovery at 95 %, not the
		// SLO (the node's return is a second disruption: its kubelet
		// restarts the pods it held, each losing the requests it had in
		// flight, ~1 % measured). Spread is judged on where the pods sat
		// when the node was lost; replicas on the ready pods left on the
		// other nodes.
		Checks: []string{"spread", "failover", "surviving-replicas"},
	},
}

func init() {
	for i := range builtins {
		builtins[i].builtin = true
	}
}

// Builtin returns the composition of a built-in scenario, as a spec's
// `scenarios:` would write it.
func Builtin(k Kind) (Custom, bool) {
	for _, c := range builtins {
		if c.Name == string(k) {
			return c, true
		}
	}
	return Custom{}, false
}

// burst is the autoscaling burst: rate (zero: BurstRate or the target's)
// requests/s of WorkPath on top of the steady load.
func (t Target) burst(rate int) loadgen.Plan {
	return loadgen.Plan{Targets: []loadgen.Target{{URL: t.url(t.WorkPath)}},
		Pacing: loadgen.Constant{Rate: loadgen.PerSecond(or(rate, or(t.BurstRate, BurstRate)))}, Timeout: 10 * time.Second, Workers: 32}
}

// hpa is the autoscaling check for the target.
func (t Target) hpa() checks.HPA {
	return checks.HPA{Name: t.Deployment, Min: t.HPAMin, Within: orDuration(t.HPAWithin, hpaWithin), Back: t.HPABack}
}
