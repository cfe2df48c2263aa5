package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var in []string
	fs.Func("in", "result.json of a run; comma-separated or repeated for several runs in one report", func(v string) error {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				in = append(in, p)
			}
		}
		return nil
	})
	previous := fs.String("previous", "", "result.json of a previous run: the report marks what regressed since")
	out := fs.String("out", "", "folder to write index.html, junit.xml, result.json and metrics.prom into")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: report takes flags only, not %q", errUsage, fs.Arg(0))
	case len(in) == 0:
		return fmt.Errorf("%w: report needs -in result.json", errUsage)
	case *out == "":
		return fmt.Errorf("%w: report needs -out DIR", errUsage)
	}
	if err := checkOut("-out", *out); err != nil {
		return err
	}
	// A bad result file is bad input (exit 2) but no usage mistake: its
	// message names the file, not "usage".
	var results []*reports.Result
	for _, p := range in {
		r, err := readResult(ctx, "-in", p)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	var prev *reports.Result
	if *previous != "" {
		var err error
		if prev, err = readResult(ctx, "-previous", *previous); err != nil {
			return err
		}
	}
	cur := runner.Merge(results...)
	trend, err := reports.Render(ctx, *out, cur, prev)
	if err != nil {
		return err
	}
	if trend != nil {
		fmt.Fprintf(stdout, "%d regressions since %s\n", len(trend.Regressions), *previous)
	}
	fmt.Fprintf(stdout, "overall: %s\nreport: %s\n", cur.Overall(), filepath.Join(*out, reports.FileHTML))
	return nil
}
