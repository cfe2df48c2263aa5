package reports

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// chartSpec is one chart of the page: the element it draws into and its
// ECharts option, built with go-echarts and rendered by the page's own
// script, so that no go-echarts page template (and no asset host) is used.
type chartSpec struct {
	ID     string          `json:"id"`
	Title  string          `json:"-"`
	Option json.RawMessage `json:"option"`
}

// The charts of a scenario, in page order.
var scenarioCharts = []struct {
	suffix, title string
	build         func(*Scenario) *charts.Line
}{
	{"throughput", "Throughput (requests/s)", throughputChart},
	{"errors", "Failed requests by class (per second)", errorsChart},
	{"latency", "Latency of successful requests (ms)", latencyChart},
	{"pods", "Pods and replicas", podsChart},
}

// chartsOf builds the charts of scenario number i.
func chartsOf(i int, s *Scenario) ([]chartSpec, error) {
	specs := make([]chartSpec, 0, len(scenarioCharts))
	for _, c := range scenarioCharts {
		line := c.build(s)
		markFaults(line, s)
		markPhases(line, s)
		line.Validate()
		option, err := json.Marshal(line.JSON())
		if err != nil {
			return nil, fmt.Errorf("chart %s of scenario %q: %w", c.suffix, s.Name, err)
		}
		specs = append(specs, chartSpec{ID: fmt.Sprintf("s%d-%s", i, c.suffix), Title: c.title, Option: option})
	}
	return specs, nil
}

// newTimeChart returns a line chart over a time axis with the house options.
func newTimeChart(yName string) *charts.Line {
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0", Left: "center"}),
		charts.WithGridOpts(opts.Grid{Left: "56", Right: "24", Top: "48", Bottom: "28"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName}),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	return line
}

// point is one [time in ms, value] pair of a series.
func point(t time.Time, v float64) opts.LineData {
	return opts.LineData{Value: []any{t.UnixMilli(), round2(v)}}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// perSecond returns n over the window's length.
func perSecond(n uint64, w Window) float64 {
	if w.Duration <= 0 {
		return 0
	}
	return float64(n) / w.Duration.Seconds()
}

var lineOpts = charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)})

func throughputChart(s *Scenario) *charts.Line {
	sent := make([]opts.LineData, len(s.Windows))
	ok := make([]opts.LineData, len(s.Windows))
	for i, w := range s.Windows {
		sent[i] = point(w.Start, perSecond(w.Requests, w))
		ok[i] = point(w.Start, perSecond(w.Requests-min(w.Failures(), w.Requests), w))
	}
	line := newTimeChart("req/s")
	line.AddSeries("sent", sent, lineOpts).AddSeries("succeeded", ok, lineOpts)
	return line
}

func latencyChart(s *Scenario) *charts.Line {
	p50 := make([]opts.LineData, 0, len(s.Windows))
	p99 := make([]opts.LineData, 0, len(s.Windows))
	for _, w := range s.Windows {
		if w.Requests == w.Failures() {
			continue // no successful request: no latency
		}
		p50 = append(p50, point(w.Start, ms(w.P50)))
		p99 = append(p99, point(w.Start, ms(w.P99)))
	}
	line := newTimeChart("ms")
	line.AddSeries("p50", p50, lineOpts).AddSeries("p99", p99, lineOpts)
	return line
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
