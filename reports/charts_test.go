package reports

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// chartOption is the part of an ECharts option the tests read.
type chartOption struct {
	XAxis []struct {
		Type string `json:"type"`
	} `json:"xAxis"`
	Series []struct {
		Name     string            `json:"name"`
		Data     []json.RawMessage `json:"data"`
		MarkArea *struct {
			Data [][]struct {
				Name  string `json:"name"`
				XAxis int64  `json:"xAxis"`
			} `json:"data"`
		} `json:"markArea"`
		MarkLine *struct {
			Data []struct {
				Name string `json:"name"`
			} `json:"data"`
		} `json:"markLine"`
	} `json:"series"`
}

// chartSummary is what a chart shows: series names with their point
// counts, shaded fault windows and marked lines.
type chartSummary struct {
	Axis   string
	Series map[string]int
	Areas  []string
	Lines  []string
}

func summarizeChart(t *testing.T, spec chartSpec) chartSummary {
	t.Helper()
	var o chartOption
	if err := json.Unmarshal(spec.Option, &o); err != nil {
		t.Fatalf("chart %s: %v", spec.ID, err)
	}
	sum := chartSummary{Series: map[string]int{}}
	if len(o.XAxis) > 0 {
		sum.Axis = o.XAxis[0].Type
	}
	for _, s := range o.Series {
		sum.Series[s.Name] = len(s.Data)
		if s.MarkArea != nil {
			for _, a := range s.MarkArea.Data {
				sum.Areas = append(sum.Areas, a[0].Name)
			}
		}
		if s.MarkLine != nil {
			for _, l := range s.MarkLine.Data {
				sum.Lines = append(sum.Lines, l.Name)
			}
		}
	}
	return sum
}

func TestCharts(t *testing.T) {
	t.Parallel()
	r := fullFixture.result()
	phases := []string{"baseline", "fault", "recovery"}
	podLines := []string{"pod-delete injected", "pod-delete reverted", "pod-delete injected", "pod-delete reverted"}
	nodeLines := []string{"node-stop injected", "node-stop reverted", "pod-evict injected"}
	for _, tc := range []struct {
		scenario int
		chart    string
		want     chartSummary
	}{
		{0, "s0-throughput", chartSummary{"time", map[string]int{"sent": 600, "succeeded": 600, "faults": 0, "phases": 0},
			[]string{"pod-delete", "pod-delete"}, append(podLines, phases...)}},
		{0, "s0-errors", chartSummary{"time", map[string]int{"reset": 600, "eof": 600, "faults": 0, "phases": 0},
			[]string{"pod-delete", "pod-delete"}, append(podLines, phases...)}},
		{1, "s1-errors", chartSummary{"time", map[string]int{"5xx": 600, "timeout": 600, "refused": 600, "faults": 0, "phases": 0},
			[]string{"node-stop"}, append(nodeLines, phases...)}},
		{1, "s1-latency", chartSummary{"time", map[string]int{"p50": 600, "p99": 600, "faults": 0, "phases": 0},
			[]string{"node-stop"}, append(nodeLines, phases...)}},
		{1, "s1-pods", chartSummary{"time", map[string]int{"desired replicas": 2, "ready pods": 4, "available replicas": 4,
			"ready endpoints": 4, "restarts": 3, "faults": 0, "phases": 0}, []string{"node-stop"}, append(nodeLines, phases...)}},
	} {
		t.Run(tc.chart, func(t *testing.T) {
			t.Parallel()
			specs, err := chartsOf(tc.scenario, &r.Scenarios[tc.scenario])
			if err != nil {
				t.Fatal(err)
			}
			for _, spec := range specs {
				if spec.ID == tc.chart {
					if diff := cmp.Diff(tc.want, summarizeChart(t, spec)); diff != "" {
						t.Errorf("chart (-want +got):\n%s", diff)
					}
					return
				}
			}
			t.Errorf("no chart %s", tc.chart)
		})
	}
}

// A verdict's named moments (a node loss's T0, T_nr, T_ep) are lines on
// every chart of the scenario.
func TestChartMoments(t *testing.T) {
	t.Parallel()
	r := fullFixture.result()
	s := r.Scenarios[1]
	t0 := s.Faults[0].Injected
	s.Marks = []Mark{{Name: "T0 node lost", At: t0}, {Name: "T_nr node NotReady", At: t0.Add(44e9)}, {Name: "T_ep lost pods out of the Service", At: t0.Add(50e9)}}
	specs, err := chartsOf(1, &s)
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range specs {
		sum := summarizeChart(t, spec)
		if !slices.Contains(sum.Lines, "T_nr node NotReady") || !slices.Contains(sum.Lines, "T_ep lost pods out of the Service") {
			t.Errorf("chart %s: lines %v, want the moments", spec.ID, sum.Lines)
		}
	}
}
