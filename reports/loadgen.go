package reports

import "github.com/golive/resilience/loadgen"

// WindowFrom condenses a load generator window into the report's compact
// form: counts, and the p50, p90, p99 and max of its latency digest.
func WindowFrom(w loadgen.Window) Window {
	out := Window{
		Start: w.Start, Duration: w.Duration(), Requests: w.Requests,
		P50: w.Latency.Quantile(0.50), P90: w.Latency.Quantile(0.90),
		P99: w.Latency.Quantile(0.99), Max: w.Latency.Max(),
		BytesIn: w.BytesIn, BytesOut: w.BytesOut,
	}
	if len(w.Codes) > 0 {
		out.Codes = make(map[int]uint64, len(w.Codes))
		for code, n := range w.Codes {
			out.Codes[int(code)] = n
		}
	}
	out.Errors = classCounts(w.Errors)
	return out
}

// LoadSummaryFrom converts a load generator summary, e.g. of a phase, whose
// latency quantiles come from the merged digests of its windows.
func LoadSummaryFrom(s loadgen.Summary) LoadSummary {
	return LoadSummary{
		Requests: s.Requests, Judged: s.Judged, Successes: s.Successes,
		Availability: s.SuccessRatio, Rate: s.Rate,
		P50: s.Latency.P50, P90: s.Latency.P90, P99: s.Latency.P99, Max: s.Latency.Max,
		HasLatency: s.Successes > 0,
		Errors:     classCounts(s.Errors),
	}
}

// classCounts keys counts by class name, dropping zero counts.
func classCounts(m map[loadgen.Class]uint64) map[string]uint64 {
	var out map[string]uint64
	for c, n := range m {
		if n == 0 {
			continue
		}
		if out == nil {
			out = make(map[string]uint64, len(m))
		}
		out[c.String()] = n
	}
	return out
}
