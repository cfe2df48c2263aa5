package reports

import (
	"time"
)

// fixtureStart is when the fixture run starts.
var fixtureStart = time.Date(2026, 3, 14, 2, 0, 0, 0, time.UTC)

// fixture sizes a fixture run: each scenario lasts length, cut into
// windows of window, under rate requests per second.
type fixture struct {
	length, window time.Duration
	rate           float64
}

// fullFixture is a realistic scenario: 10 minutes at 1 s windows, 50 req/s.
var fullFixture = fixture{length: 10 * time.Minute, window: time.Second, rate: 50}

// smallFixture keeps golden files short: 1 minute at 5 s windows.
var smallFixture = fixture{length: time.Minute, window: 5 * time.Second, rate: 20}

// at returns the moment a fraction of the way into a scenario from start.
func (f fixture) at(start time.Time, frac float64) time.Time {
	return start.Add(time.Duration(frac * float64(f.length))).Truncate(time.Millisecond)
}

// result builds a suite of two scenarios with every status represented:
// pods deleted under load (a graceful-shutdown failure) and a node lost
// (an availability failure and an eviction refused by a PDB).
func (f fixture) result() *Result {
	podDelete := f.podDeleteScenario(fixtureStart)
	nodeLoss := f.nodeLossScenario(podDelete.Finished.Add(15 * time.Second))
	return &Result{
		SchemaVersion: SchemaVersion, Name: "go-live nightly", Tool: "resilience v0.1.0",
		Started: fixtureStart.Add(-20 * time.Second), Finished: nodeLoss.Finished.Add(5 * time.Second),
		Cluster: Cluster{Name: "golive", KubernetesVersion: "v1.35.0", KindVersion: "v0.33.0",
			NodeImage: "kindest/node:v1.35.0", Nodes: 4},
		Scenarios: []Scenario{podDelete, nodeLoss},
	}
}

// phases returns steady, baseline, fault and recovery phases over the
// scenario from start, with load summaries from windows.
func (f fixture) phases(start time.Time, windows []Window) []Phase {
	cuts := []float64{0, 0.05, 0.40, 0.70, 1}
	names := []string{PhaseSteady, PhaseBaseline, PhaseFault, PhaseRecovery}
	phases := make([]Phase, len(names))
	for i, name := range names {
		p := Phase{Name: name, Start: f.at(start, cuts[i]), End: f.at(start, cuts[i+1])}
		load := summarizeWindows(windows, p.Start, p.End)
		load.P50, load.P90, load.P99, load.Max = windowQuantiles(windows, p.Start, p.End)
		load.HasLatency = true
		p.Load = &load
		phases[i] = p
	}
	return phases
}

var web = ObjectRef{Kind: "Deployment", Namespace: "shop", Name: "web"}

func pod(name string) ObjectRef { return ObjectRef{Kind: "Pod", Namespace: "shop", Name: name} }

func (f fixture) podDeleteScenario(start time.Time) Scenario {
	s := Scenario{
		Name: "pod-delete-under-load", Seed: 42,
		Description: "Deletes one pod at a time under steady load; no request may fail.",
		Target:      Target{Namespace: "shop", Workload: "Deployment/web", URL: "http://127.0.0.1:30080/", Image: "golive/target:dev"},
		Started:     start, Finished: f.at(start, 1),
		Faults: []Fault{
			{Kind: "pod-delete", Targets: []ObjectRef{pod("web-7c9f8-abcde")}, Injected: f.at(start, 0.45),
				Reverted: f.at(start, 0.50), Outcome: OutcomeExpired, Message: "replacement web-7c9f8-q2w3e ready"},
			{Kind: "pod-delete", Targets: []ObjectRef{pod("web-7c9f8-fghij")}, Injected: f.at(start, 0.58),
				Reverted: f.at(start, 0.63), Outcome: OutcomeExpired, Message: "replacement web-7c9f8-r4t5y ready"},
		},
		Events: []Event{{Time: f.at(start, 0.451), Kind: "pod", Objects: []ObjectRef{pod("web-7c9f8-abcde")},
			Message: "container web exited with code 137 (SIGKILL) after the grace period"}},
	}
	s.Windows = f.windows(start, s.Faults, 1)
	s.Phases = f.phases(start, s.Windows)
	s.Series = f.podSeries(start, s.Faults, 3, false)
	failed := s.PhaseLoad(s.Phases[2])
	s.Verdicts = []Verdict{
		{Item: "graceful shutdown", Status: StatusFail,
			Reason: "Requests failed while pods were deleted: the container was killed with SIGKILL before it drained.",
			Evidence: []Evidence{
				{Name: "failed requests in the fault phase", Value: countText(failed.Judged-failed.Successes, failed.Judged),
					Time: s.Phases[2].Start, End: s.Phases[2].End},
				{Name: "exit code", Value: "137", Time: f.at(start, 0.451), Objects: []ObjectRef{pod("web-7c9f8-abcde")}},
			}},
		{Item: "readiness / liveness probes", Status: StatusPass, Reason: "Unready pods received no traffic and no container was restarted by its liveness probe.",
			Evidence: []Evidence{{Name: "restarts", Value: "0", Objects: []ObjectRef{web}}}},
		{Item: "replicas", Status: StatusPass, Reason: "3 replicas; losing one kept at least 2 ready.",
			Evidence: []Evidence{{Name: "min ready pods", Value: "2", Time: f.at(start, 0.451)}}},
		{Item: "statelessness", Status: StatusPass, Reason: "No request beyond the SLO was lost when a pod was killed."},
		{Item: "network policy", Status: StatusSkip, Reason: "The cluster's CNI (kindnet) does not enforce NetworkPolicy."},
		{Item: "observability", Status: StatusError, Reason: "The target's /metrics could not be scraped: connection refused on port 9090.",
			Evidence: []Evidence{{Name: "scrape error", Value: "dial tcp 10.244.1.5:9090: connect: connection refused", Time: f.at(start, 0.2)}}},
	}
	return s
}

func (f fixture) nodeLossScenario(start time.Time) Scenario {
	node := ObjectRef{Kind: "Node", Name: "golive-worker2"}
	s := Scenario{
		Name: "node-loss", Seed: 7,
		Description: "Stops a worker node under load; the app must keep its SLO on the others.",
		Target:      Target{Namespace: "shop", Workload: "Deployment/web", URL: "http://127.0.0.1:30080/"},
		Started:     start, Finished: f.at(start, 1),
		Faults: []Fault{
			{Kind: "node-stop", Targets: []ObjectRef{node}, Injected: f.at(start, 0.45), Reverted: f.at(start, 0.65), Outcome: OutcomeReverted},
			{Kind: "pod-evict", Targets: []ObjectRef{pod("web-7c9f8-k8l9m")}, Injected: f.at(start, 0.52), Outcome: OutcomeRefused,
				Message: "Cannot evict pod as it would violate the pod's disruption budget."},
		},
	}
	s.Windows = f.windows(start, s.Faults[:1], 6)
	s.Phases = f.phases(start, s.Windows)
	s.Phases[0].Load = nil // derived from the windows, without latency
	s.Series = f.podSeries(start, s.Faults[:1], 3, true)
	fault := s.PhaseLoad(s.Phases[2])
	s.Verdicts = []Verdict{
		{Item: "HA & failover, chaos", Status: StatusFail, Reason: "Availability fell below the 99.9% SLO while the node was down.",
			Evidence: []Evidence{{Name: "availability in the fault phase", Value: percent(fault.Availability),
				Time: s.Phases[2].Start, End: s.Phases[2].End, Objects: []ObjectRef{node}}}},
		{Item: "SLOs / KPIs", Status: StatusFail, Reason: "p99 latency in the fault phase exceeded the 250 ms target.",
			Evidence: []Evidence{{Name: "p99 in the fault phase", Value: roundDuration(fault.P99).String()}}},
		{Item: "PDB", Status: StatusPass, Reason: "An eviction that would have violated the budget was refused.",
			Evidence: []Evidence{{Name: "refused eviction", Time: f.at(start, 0.52), Objects: []ObjectRef{pod("web-7c9f8-k8l9m")}}}},
		{Item: "anti-affinity / spread", Status: StatusPass, Reason: "Pods were spread over 3 nodes; at most one was lost with the node."},
		{Item: "replicas", Status: StatusPass, Reason: "3 replicas; the lost pod was rescheduled on another node."},
	}
	return s
}
