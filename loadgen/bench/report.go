package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable prints the report as a small table: the three figures against
// their targets, then every round.
func (r Report) WriteTable(w io.Writer) error {
	c := r.Config
	mem := "peak RSS"
	small, large := float64(r.Small.PeakRSS), float64(r.Large.PeakRSS)
	if c.Self == "" {
		mem = "heap in use"
		small, large = float64(r.Small.HeapInuse), float64(r.Large.HeapInuse)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "measure\ttarget\tresult\tverdict\n")
	fmt.Fprintf(tw, "(a) achieved-rate error, %d/s for %s\t<= %.0f%%\t%.3f%% (median of %d, worst %.3f%%)\t%s\n",
		c.Rate, c.Duration, 100*MaxRateError, 100*r.RateError, c.Rounds, 100*r.WorstRateError, verdict(r.RateError <= MaxRateError))
	fmt.Fprintf(tw, "(b) CPU per request, loadgen / vegeta\t<= %.2f\t%.3f (%s / %s, medians of %d)\t%s\n",
		MaxCPURatio, r.CPURatio, r.LoadgenCPU, r.VegetaCPU, c.Rounds, verdict(r.CPURatio <= MaxCPURatio))
	fmt.Fprintf(tw, "(c) %s, %d / %d results folded\t<= %.2f\t%.3f (%.1f MiB / %.1f MiB, %d windows of %s)\t%s\n",
		mem, r.Large.Results, r.Small.Results, MaxRSSRatio, r.MemRatio, large/(1<<20), small/(1<<20),
		r.Large.Windows, c.Window, verdict(r.MemRatio <= MaxRSSRatio))
	fmt.Fprintf(tw, "\nround\ttool\trequests\tachieved rate\tCPU\tCPU per request\n")
	for i, rd := range r.Rounds {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%.2f/s\t%s\t%s\n", i/2+1, rd.Tool, rd.Requests, rd.Rate, rd.CPU, rd.CPUPerRequest())
	}
	fmt.Fprintf(tw, "\nfold\tresults\twindows\tpeak RSS\theap in use\telapsed\n")
	for _, f := range []FoldStat{r.Small, r.Large} {
		fmt.Fprintf(tw, "\t%d\t%d\t%.1f MiB\t%.1f MiB\t%s\n", f.Results, f.Windows,
			float64(f.PeakRSS)/(1<<20), float64(f.HeapInuse)/(1<<20), f.Elapsed.Round(1e6))
	}
	return tw.Flush()
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}
