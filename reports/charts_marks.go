package reports

import (
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// errorClassOrder is the order of loadgen's failure classes; unknown class
// names follow, sorted.
var errorClassOrder = []string{"5xx", "4xx", "timeout", "canceled", "refused", "reset", "eof", "other"}

func errorsChart(s *Scenario) *charts.Line {
	present := map[string]bool{}
	for _, w := range s.Windows {
		for class, n := range w.Errors {
			present[class] = present[class] || n > 0
		}
	}
	var classes []string
	for _, c := range errorClassOrder {
		if present[c] {
			classes = append(classes, c)
			delete(present, c)
		}
	}
	var rest []string
	for c, ok := range present {
		if ok {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	classes = append(classes, rest...)
	if len(classes) == 0 {
		classes = []string{"none"} // an empty chart still shows the axes and the faults
	}
	line := newTimeChart("req/s")
	stacked := charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Stack: "errors"})
	area := charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.6)})
	for _, class := range classes {
		data := make([]opts.LineData, len(s.Windows))
		for i, w := range s.Windows {
			data[i] = point(w.Start, perSecond(w.Errors[class], w))
		}
		line.AddSeries(class, data, stacked, area)
	}
	return line
}

// podSeries are the gauge series drawn, in order, with their legend names.
var podSeries = []struct{ name, label string }{
	{SeriesDesiredReplicas, "desired replicas"},
	{SeriesAvailableReplicas, "available replicas"},
	{SeriesReadyPods, "ready pods"},
	{SeriesEndpointsReady, "ready endpoints"},
	{SeriesRestarts, "restarts"},
}

func podsChart(s *Scenario) *charts.Line {
	line := newTimeChart("count")
	step := charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Step: "end"})
	for _, ps := range podSeries {
		series := s.SeriesNamed(ps.name)
		if series == nil {
			continue
		}
		data := make([]opts.LineData, 0, len(series.Points)+1)
		for _, p := range series.Points {
			data = append(data, point(p.Time, p.Value))
		}
		if n := len(series.Points); n > 0 && series.Points[n-1].Time.Before(s.Finished) {
			data = append(data, point(s.Finished, series.Points[n-1].Value)) // hold the last value
		}
		line.AddSeries(ps.label, data, step)
	}
	return line
}

// markFaults adds a series without data that carries the scenario's fault
// marks: a shaded area per fault window labelled with its kind, and a line
// at each injection and revert.
func markFaults(line *charts.Line, s *Scenario) {
	var areas [][]opts.MarkAreaData
	var lines []opts.MarkLineNameXAxisItem
	for _, f := range s.Faults {
		lines = append(lines, opts.MarkLineNameXAxisItem{Name: f.Kind + " injected", XAxis: f.Injected.UnixMilli()})
		if !f.Effect.IsZero() && f.Effect.After(f.Injected) {
			lines = append(lines, opts.MarkLineNameXAxisItem{Name: f.Kind + " took effect", XAxis: f.Effect.UnixMilli()})
		}
		if !f.Reverted.IsZero() {
			lines = append(lines, opts.MarkLineNameXAxisItem{Name: f.Kind + " reverted", XAxis: f.Reverted.UnixMilli()})
		}
		if end := faultEnd(s, f); end.After(f.Injected) {
			areas = append(areas, []opts.MarkAreaData{
				{Name: f.Kind, XAxis: f.Injected.UnixMilli()}, {XAxis: end.UnixMilli()}})
		}
	}
	markMoments(line, s)
	if len(lines) == 0 {
		return
	}
	line.AddSeries("faults", nil,
		charts.WithMarkAreaData(areas...),
		charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{
			ItemStyle: &opts.ItemStyle{Color: "rgba(214, 39, 40, 0.12)"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: faultColor},
		}),
		charts.WithMarkLineNameXAxisItemOpts(lines...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(false)},
			LineStyle: &opts.LineStyle{Color: faultColor, Type: "solid", Width: 1},
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: faultColor}),
	)
}

const faultColor = "#b22222"

// markPhases adds a series without data that draws a dashed line, labelled
// with the phase's name, at the start of each phase but the first.
func markPhases(line *charts.Line, s *Scenario) {
	if len(s.Phases) < 2 {
		return
	}
	lines := make([]opts.MarkLineNameXAxisItem, 0, len(s.Phases)-1)
	for _, p := range s.Phases[1:] {
		lines = append(lines, opts.MarkLineNameXAxisItem{Name: p.Name, XAxis: p.Start.UnixMilli()})
	}
	line.AddSeries("phases", nil,
		charts.WithMarkLineNameXAxisItemOpts(lines...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b}", Color: "#666"},
			LineStyle: &opts.LineStyle{Color: "#999", Type: "dashed", Width: 1},
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#999"}),
	)
}

// markMoments adds the scenario's named moments as labelled dashed lines.
func markMoments(line *charts.Line, s *Scenario) {
	if len(s.Marks) == 0 {
		return
	}
	var lines []opts.MarkLineNameXAxisItem
	for _, m := range s.Marks {
		lines = append(lines, opts.MarkLineNameXAxisItem{Name: m.Name, XAxis: m.At.UnixMilli()})
	}
	line.AddSeries("moments", nil,
		charts.WithMarkLineNameXAxisItemOpts(lines...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "insideEndTop", Color: momentColor},
			LineStyle: &opts.LineStyle{Color: momentColor, Type: "dashed", Width: 1},
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: momentColor}),
	)
}

const momentColor = "#6a3d9a"
