package reports

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// MaxEventsShown caps the events listed per scenario in index.html; all of
// them stay in result.json.
const MaxEventsShown = 200

// WriteHTML writes index.html for r: one self-contained page (styles,
// scripts and chart library inline; no network fetch of any kind) with the
// overall verdict, the checklist items × scenarios, a sentence per failure,
// the regressions of t when it is not nil, and per scenario charts over
// time with fault windows shaded, the phases, faults, verdicts with their
// evidence, and the run's metadata.
func WriteHTML(w io.Writer, r *Result, t *Trend) error {
	if err := r.Validate(); err != nil {
		return err
	}
	p, err := newPage(r, t)
	if err != nil {
		return err
	}
	if err := pageTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("rendering html: %w", err)
	}
	return nil
}

// page is what the template renders.
type page struct {
	Title, Lede    string
	Overall        Status
	Columns        []columnView
	Rows           []matrixRow
	Failures       []failureLine
	Trend          *Trend
	Scenarios      []scenarioView
	Meta           []keyValue
	Charts         []chartSpec
	CSS            template.CSS
	SelfCheck      template.JS
	ECharts        template.JS
	ChartsJS       template.JS
	EChartsVersion string
}

type columnView struct{ Name, Anchor string }

type matrixRow struct {
	Item  string
	Cells []matrixCell
}

type matrixCell struct {
	Status    Status // "" when the scenario has no verdict on the item
	Reason    string
	Regressed bool
}

type failureLine struct {
	Status                         Status
	Scenario, Anchor, Item, Reason string
}

// keyValue is a row of the run's table; Link, when set, makes the value a
// link (relative to the report).
type keyValue struct{ Key, Value, Link string }

func lowerStatus(s Status) string { return strings.ToLower(string(s)) }

func anchor(i int) string { return fmt.Sprintf("scenario-%d", i+1) }

func newPage(r *Result, t *Trend) (*page, error) {
	p := &page{
		Title: "Go-live resilience report", Overall: r.Overall(), Trend: t,
		Lede: lede(r), Meta: runMeta(r), CSS: template.CSS(reportCSS),
		SelfCheck: template.JS(selfcheckJS), ECharts: template.JS(echartsJS),
		ChartsJS: template.JS(chartsJS), EChartsVersion: EChartsVersion,
	}
	if r.Name != "" {
		p.Title += ": " + r.Name
	}
	p.Columns, p.Rows = matrix(r, t)
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		for _, v := range s.Verdicts {
			if v.Status == StatusFail || v.Status == StatusError {
				p.Failures = append(p.Failures, failureLine{v.Status, s.Name, anchor(i), v.Item, v.Reason})
			}
		}
		if s.Aborted || s.Interrupted {
			p.Failures = append(p.Failures, failureLine{StatusError, s.Name, anchor(i), JUnitRunItem, stoppedReason(s)})
		}
		view, err := newScenarioView(i, s, t)
		if err != nil {
			return nil, err
		}
		p.Scenarios = append(p.Scenarios, view)
		p.Charts = append(p.Charts, view.Charts...)
	}
	return p, nil
}

// matrix lays out checklist items (in order of first appearance) against
// scenarios.
func matrix(r *Result, t *Trend) ([]columnView, []matrixRow) {
	var items []string
	row := map[string]int{}
	for i := range r.Scenarios {
		for _, v := range r.Scenarios[i].Verdicts {
			if _, ok := row[v.Item]; !ok {
				row[v.Item] = len(items)
				items = append(items, v.Item)
			}
		}
	}
	cols := make([]columnView, len(r.Scenarios))
	rows := make([]matrixRow, len(items))
	for j, item := range items {
		rows[j] = matrixRow{Item: item, Cells: make([]matrixCell, len(r.Scenarios))}
	}
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		cols[i] = columnView{Name: s.Name, Anchor: anchor(i)}
		for _, v := range s.Verdicts {
			rows[row[v.Item]].Cells[i] = matrixCell{v.Status, v.Reason, t.Regressed(s.Name, v.Item)}
		}
	}
	return cols, rows
}

// lede sums the run up in a line.
func lede(r *Result) string {
	counts := map[Status]int{}
	total := 0
	for i := range r.Scenarios {
		for _, v := range r.Scenarios[i].Verdicts {
			counts[v.Status]++
			total++
		}
	}
	parts := []string{fmt.Sprintf("%d scenarios, %d verdicts", len(r.Scenarios), total)}
	for _, st := range []Status{StatusFail, StatusError, StatusInconclusive, StatusPass, StatusSkip} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	parts = append(parts, fmt.Sprintf("cluster %s", r.Cluster.Name),
		fmt.Sprintf("%s for %v", stamp(r.Started), roundDuration(r.Duration())))
	if r.Aborted || r.Interrupted {
		parts = append(parts, "stopped early")
	}
	return strings.Join(parts, " · ")
}

func runMeta(r *Result) []keyValue {
	kv := []keyValue{
		{Key: "Run", Value: r.Name}, {Key: "Started", Value: stamp(r.Started)}, {Key: "Finished", Value: stamp(r.Finished)},
		{Key: "Duration", Value: roundDuration(r.Duration()).String()},
		{Key: "Cluster", Value: r.Cluster.Name}, {Key: "Context", Value: r.Cluster.Context},
		{Key: "Kubernetes", Value: r.Cluster.KubernetesVersion}, {Key: "kind", Value: r.Cluster.KindVersion},
		{Key: "Node image", Value: r.Cluster.NodeImage}, {Key: "Nodes", Value: fmt.Sprint(r.Cluster.Nodes)},
		{Key: "Load from", Value: r.Load}, {Key: "Tool", Value: r.Tool}, {Key: "Schema", Value: SchemaVersion},
	}
	if r.Cluster.Access != "" {
		kv = append(kv, keyValue{Key: "Nodes reached", Value: r.Cluster.Access})
	}
	if r.Aborted || r.Interrupted {
		kv = append(kv, keyValue{Key: "Stopped early", Value: fmt.Sprintf("aborted=%v interrupted=%v: %s", r.Aborted, r.Interrupted, r.Reason)})
	}
	if r.Logs != "" {
		kv = append(kv, keyValue{Key: "Logs", Value: r.Logs + "/ (pod logs, events and the cluster's own, kept for the FAILs and ERRORs)", Link: r.Logs + "/"})
	}
	out := kv[:0]
	for _, e := range kv {
		if e.Value != "" {
			out = append(out, e)
		}
	}
	return out
}
