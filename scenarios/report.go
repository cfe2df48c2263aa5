package scenarios

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/reports"
)

// seriesNames maps the observers' series of a Deployment's run onto the
// report's.
func seriesNames(deployment string) map[string]string {
	return map[string]string{
		observe.SeriesPodsReady:                   reports.SeriesReadyPods,
		observe.SeriesRestarts:                    reports.SeriesRestarts,
		observe.SeriesEndpointsReady:              reports.SeriesEndpointsReady,
		"deployment/" + deployment + "/desired":   reports.SeriesDesiredReplicas,
		"deployment/" + deployment + "/available": reports.SeriesAvailableReplicas,
		"hpa/" + deployment + "/desired":          "hpa/desired",
		observe.SeriesNodesReady:                  "nodes/ready",
	}
}

// ReportScenario turns a harness result into the report's scenario record.
func ReportScenario(name, description string, target reports.Target, r *harness.Result) reports.Scenario {
	tl := r.Timeline
	s := reports.Scenario{Name: name, Description: description, Target: target, Seed: int64(r.Seed),
		Started: r.Start, Finished: r.End}
	if r.Aborted != nil {
		s.Aborted, s.Reason = true, r.Aborted.Reason
	}
	for _, sp := range tl.Phases() {
		end := sp.End
		if end.IsZero() {
			end = r.End
		}
		load := reports.LoadSummaryFrom(tl.Summarize(sp.Start, end))
		s.Phases = append(s.Phases, reports.Phase{Name: sp.Phase.String(), Start: sp.Start, End: end, Load: &load})
	}
	for _, w := range tl.Windows() {
		s.Windows = append(s.Windows, reports.WindowFrom(w))
	}
	deployment := Deployment
	if kind, name, ok := strings.Cut(target.Workload, "/"); ok && kind == "Deployment" {
		deployment = name
	}
	for from, to := range seriesNames(deployment) {
		var pts []reports.Point
		for _, p := range tl.Series(from) {
			pts = append(pts, reports.Point{Time: p.Time, Value: p.Value})
		}
		if len(pts) > 0 {
			s.Series = append(s.Series, reports.Series{Name: to, Points: pts})
		}
	}
	sort.Slice(s.Series, func(i, j int) bool { return s.Series[i].Name < s.Series[j].Name })
	for _, in := range r.Injections {
		s.Faults = append(s.Faults, faultOf(tl, in))
	}
	reported := timeline.OfKind(timeline.KindRefusal, timeline.KindAbort, timeline.KindError, timeline.KindSkip)
	for _, e := range tl.Events(func(e timeline.Event) bool { return reported(e) || e.Source == netpol.Source }) {
		s.Events = append(s.Events, reports.Event{Time: e.Time, Kind: e.Kind.String(), Objects: objects(e.Objects), Message: e.Message})
	}
	s.Verdicts = verdicts(r.Verdicts)
	s.Marks = marks(r.Verdicts)
	return s
}

// marks are the verdicts' named moments, in time order.
func marks(vs []harness.Verdict) []reports.Mark {
	var out []reports.Mark
	for _, v := range vs {
		for name, at := range v.Evidence.Moments {
			out = append(out, reports.Mark{Name: name, At: at})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

func faultOf(tl *timeline.Timeline, in harness.Injection) reports.Fault {
	// The band starts at the injection, not at its effect (a pod gone 13 s
	// after its delete, a node NotReady 44 s after its stop): errors the
	// fault caused then never show before it.
	f := reports.Fault{Kind: in.Fault, Injected: in.Started, Effect: in.Injected, Reverted: in.Reverted, Outcome: reports.OutcomeReverted}
	until := in.Injected
	if until.IsZero() {
		until = in.Started.Add(time.Minute)
	}
	idx := strconv.Itoa(in.Index)
	for _, e := range tl.Events(timeline.OfKind(timeline.KindInject), timeline.Between(in.Started, until.Add(time.Second))) {
		// Overlapping injections (a pod deleted every 6 s, each
		// waiting for its pod to go) are told apart by their index.
		if i, ok := e.Attrs[harness.AttrInjection]; ok && i != idx {
			continue
		}
		f.Targets = append(f.Targets, objects(e.Objects)...)
	}
	switch {
	case in.Skipped:
		f.Outcome, f.Message = reports.OutcomeSkipped, in.Error
	case in.Cut:
		f.Outcome, f.Message = reports.OutcomeCut, "the fault phase ended before its effect was seen: "+in.Error
	case in.Missed:
		f.Outcome, f.Message = reports.OutcomeFailed, "the fault did not reach this target: "+in.Error
	case in.Error != "":
		f.Outcome, f.Message = reports.OutcomeFailed, in.Error
	case in.Reverted.IsZero():
		f.Outcome = reports.OutcomeExpired
	}
	return f
}

func objects(refs []timeline.Ref) []reports.ObjectRef {
	var out []reports.ObjectRef
	for _, r := range refs {
		out = append(out, reports.ObjectRef{Kind: r.Kind, Namespace: r.Namespace, Name: r.Name})
	}
	return out
}

// verdicts merges verdicts per item (the report keeps one per item: the
// worst status, reasons joined) and renders their evidence.
func verdicts(vs []harness.Verdict) []reports.Verdict {
	var out []reports.Verdict
	index := map[string]int{}
	for _, v := range vs {
		rv := reports.Verdict{Item: v.Item, Status: reports.Status(v.Status.String()), Reason: v.Reason}
		if v.Aborted {
			rv.Reason += " (faults stopped early: SLO breached)"
		}
		keys := make([]string, 0, len(v.Evidence.Counts))
		for k := range v.Evidence.Counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rv.Evidence = append(rv.Evidence, reports.Evidence{Name: k, Value: strconv.FormatFloat(v.Evidence.Counts[k], 'f', -1, 64),
				Time: v.Evidence.From, End: v.Evidence.To})
		}
		names := make([]string, 0, len(v.Evidence.Moments))
		for name := range v.Evidence.Moments {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			rv.Evidence = append(rv.Evidence, reports.Evidence{Name: name, Time: v.Evidence.Moments[name]})
		}
		for i, at := range v.Evidence.At {
			if i == 20 {
				rv.Evidence = append(rv.Evidence, reports.Evidence{Name: "moments", Value: fmt.Sprintf("%d more", len(v.Evidence.At)-20)})
				break
			}
			rv.Evidence = append(rv.Evidence, reports.Evidence{Name: "moment", Time: at})
		}
		if len(v.Evidence.Objects) > 0 {
			rv.Evidence = append(rv.Evidence, reports.Evidence{Name: "objects", Objects: objects(v.Evidence.Objects)})
		}
		if i, ok := index[v.Item]; ok {
			prev := &out[i]
			// The reason of the worse verdict leads: a FAIL is read first.
			if w := prev.Status.Worse(rv.Status); w != prev.Status {
				prev.Status, prev.Reason = w, rv.Reason+" "+prev.Reason
			} else {
				prev.Reason += " " + rv.Reason
			}
			prev.Evidence = append(prev.Evidence, rv.Evidence...)
			continue
		}
		index[v.Item] = len(out)
		out = append(out, rv)
	}
	return out
}
