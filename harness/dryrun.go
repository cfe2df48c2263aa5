package harness

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// writePlan prints what a run would do, touching nothing.
func writePlan(w io.Writer, s Scenario, plan []Planned) error {
	st := s.Steady.withDefaults()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("scenario %q (seed %d)", s.Name, s.Schedule.Seed)
	t := s.Target
	p("target:\tnamespace %s, pods %s, service %q", t.Namespace, selector(t.Selector), t.Service)
	if lp, ok := s.plan(); ok {
		var urls []string
		for _, target := range lp.Targets {
			urls = append(urls, target.URL)
		}
		p("load:\t%T %v to %s", lp.Pacing, lp.Pacing, strings.Join(urls, ", "))
	} else {
		p("load:\tnone")
	}
	p("steady:\tready pods %s, none terminating%s; wait ≤%s, after faults ≤%s",
		minReady(st.MinReady), steadyLoad(st, s), st.Timeout, st.RecoverTimeout)
	p("phases:\tbaseline %s → fault %s → recovery %s", s.Phases.Baseline, s.Phases.Fault, s.Phases.Recovery)
	p("faults:")
	if len(plan) == 0 {
		p("\tnone")
	}
	for _, in := range plan {
		p("\t#%d\t+%s\t%s\thold %s\t%+v", in.Index, in.At, in.Fault.Name(), in.Hold, in.Fault)
	}
	p("checks:")
	for _, c := range s.Checks {
		p("\t%s", c.Item())
	}
	if len(s.Checks) == 0 {
		p("\tnone")
	}
	return tw.Flush()
}

func selector(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

func minReady(n int) string {
	if n == 0 {
		return "all (≥1)"
	}
	return fmt.Sprintf("≥%d", n)
}

func steadyLoad(st Steady, s Scenario) string {
	if _, ok := s.plan(); !ok {
		return ""
	}
	return fmt.Sprintf(", %d load windows ≥%.2f%% success", st.Windows, 100*st.MinSuccess)
}
