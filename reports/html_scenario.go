package reports

import "time"

// scenarioView is one scenario's section of the page.
type scenarioView struct {
	Anchor        string
	S             *Scenario
	Overall       Status
	Stopped       string
	Duration      time.Duration
	Phases        []phaseView
	Charts        []chartSpec
	Faults        []faultView
	Events        []Event
	EventsOmitted int
	Verdicts      []verdictView
}

type phaseView struct {
	Phase    Phase
	Duration time.Duration
	Load     LoadSummary
}

type faultView struct {
	Fault
	Active time.Duration
}

type verdictView struct {
	Verdict
	Regressed bool
}

func newScenarioView(i int, s *Scenario, t *Trend) (scenarioView, error) {
	v := scenarioView{Anchor: anchor(i), S: s, Overall: s.Overall(), Duration: s.Duration()}
	if s.Aborted || s.Interrupted {
		v.Stopped = stoppedReason(s)
	}
	specs, err := chartsOf(i, s)
	if err != nil {
		return v, err
	}
	v.Charts = specs
	for _, p := range s.Phases {
		v.Phases = append(v.Phases, phaseView{p, span(p.Start, p.End), s.PhaseLoad(p)})
	}
	for _, f := range s.Faults {
		v.Faults = append(v.Faults, faultView{f, span(f.Injected, faultEnd(s, f))})
	}
	v.Events = s.Events
	if len(v.Events) > MaxEventsShown {
		v.Events, v.EventsOmitted = v.Events[:MaxEventsShown], len(v.Events)-MaxEventsShown
	}
	for _, vd := range s.Verdicts {
		v.Verdicts = append(v.Verdicts, verdictView{vd, t.Regressed(s.Name, vd.Item)})
	}
	return v, nil
}
