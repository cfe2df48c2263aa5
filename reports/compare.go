package reports

// Compare marks what regressed in current since previous: items that
// passed and now fail, and phases whose p99 latency rose by more than
// cfg's ratio. Scenarios and phases are matched by name; those in only one
// of the runs are ignored.
func Compare(current, previous *Result, cfg TrendConfig) *Trend {
	cfg = cfg.withDefaults()
	t := &Trend{
		PreviousName: previous.Name, PreviousStarted: previous.Started,
		P99Ratio: cfg.P99Ratio, P99MinDelta: cfg.P99MinDelta,
		Regressions: []Regression{},
	}
	before := make(map[string]*Scenario, len(previous.Scenarios))
	for i := range previous.Scenarios {
		before[previous.Scenarios[i].Name] = &previous.Scenarios[i]
	}
	for i := range current.Scenarios {
		now := &current.Scenarios[i]
		was, ok := before[now.Name]
		if !ok {
			continue
		}
		t.Regressions = append(t.Regressions, verdictRegressions(now, was)...)
		t.Regressions = append(t.Regressions, p99Regressions(now, was, cfg)...)
	}
	return t
}

func verdictRegressions(now, was *Scenario) []Regression {
	passed := map[string]bool{}
	for _, v := range was.Verdicts {
		passed[v.Item] = v.Status == StatusPass
	}
	var out []Regression
	for _, v := range now.Verdicts {
		if passed[v.Item] && v.Status == StatusFail {
			out = append(out, Regression{Kind: RegressionVerdict, Scenario: now.Name,
				Item: v.Item, Was: StatusPass, Now: v.Status})
		}
	}
	return out
}

func p99Regressions(now, was *Scenario, cfg TrendConfig) []Regression {
	var out []Regression
	for _, p := range now.Phases {
		cur := now.PhaseLoad(p)
		prevPhase, ok := phaseNamed(was, p.Name)
		if !ok || !cur.HasLatency {
			continue
		}
		prev := was.PhaseLoad(prevPhase)
		if !prev.HasLatency || prev.P99 <= 0 {
			continue
		}
		grew := float64(cur.P99) > float64(prev.P99)*cfg.P99Ratio
		if grew && cur.P99-prev.P99 >= cfg.P99MinDelta {
			out = append(out, Regression{Kind: RegressionP99, Scenario: now.Name,
				Phase: p.Name, WasP99: prev.P99, NowP99: cur.P99})
		}
	}
	return out
}

func phaseNamed(s *Scenario, name string) (Phase, bool) {
	for _, p := range s.Phases {
		if p.Name == name {
			return p, true
		}
	}
	return Phase{}, false
}
