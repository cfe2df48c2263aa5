package main

import (
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/golive/resilience/reports"
)

// summarize prints each scenario's verdicts and where the report is.
func summarize(w io.Writer, res *reports.Result, dir string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range res.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Overall(), s.Reason)
		for _, v := range s.Verdicts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.Item, v.Status, v.Reason)
		}
	}
	tw.Flush()
	status := string(res.Overall())
	switch {
	case res.Interrupted:
		status = "INTERRUPTED (partial report)"
	case res.Aborted:
		status += ": " + res.Reason
	}
	fmt.Fprintf(w, "overall: %s\n", status)
	abs, err := filepath.Abs(filepath.Join(dir, reports.FileHTML))
	if err != nil {
		abs = filepath.Join(dir, reports.FileHTML)
	}
	fmt.Fprintf(w, "report: %s\n", abs)
}
