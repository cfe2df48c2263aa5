package reports

import "time"

// PhaseLoad returns the load summary of p: p.Load when the producer set it,
// otherwise one derived from the scenario's windows whose midpoint lies in
// the phase, with exact counts and no latency (HasLatency false), since
// quantiles do not merge.
func (s *Scenario) PhaseLoad(p Phase) LoadSummary {
	if p.Load != nil {
		return *p.Load
	}
	return summarizeWindows(s.Windows, p.Start, p.End)
}

// summarizeWindows condenses the windows whose midpoint is in [from, to).
func summarizeWindows(windows []Window, from, to time.Time) LoadSummary {
	var ls LoadSummary
	var span time.Duration
	var canceled, failed uint64
	for _, w := range windows {
		mid := w.Start.Add(w.Duration / 2)
		if mid.Before(from) || !mid.Before(to) {
			continue
		}
		span += w.Duration
		ls.Requests += w.Requests
		for class, n := range w.Errors {
			if ls.Errors == nil {
				ls.Errors = map[string]uint64{}
			}
			ls.Errors[class] += n
			failed += n
			if class == ErrorClassCanceled {
				canceled += n
			}
		}
	}
	ls.Judged = ls.Requests - min(canceled, ls.Requests)
	ls.Successes = ls.Requests - min(failed, ls.Requests)
	if ls.Judged > 0 {
		ls.Availability = float64(ls.Successes) / float64(ls.Judged)
	}
	if span > 0 {
		ls.Rate = float64(ls.Requests) / span.Seconds()
	}
	return ls
}
