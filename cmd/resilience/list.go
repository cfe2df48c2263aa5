package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/checks/static"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
)

// checklist is the go-live checklist, in the order of its source document.
var checklist = []string{checks.ItemGracefulShutdown, checks.ItemProbes, checks.ItemResources, checks.ItemReplicas,
	checks.ItemHPA, checks.ItemPDB, checks.ItemSpread, checks.ItemStateless, checks.ItemRollout, checks.ItemSLO,
	checks.ItemFailover, checks.ItemNetworkPolicy, checks.ItemPodSecurity, checks.ItemObservability}

// listed is one line of `resilience list`: an item, a scenario or a
// fault, and what it is.
type listed struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func runList(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	format := fs.String("o", "text", "output `format`: text (one per line), json (an array of {kind, name, description}) or yaml (the built-in scenarios in a spec's scenarios: format)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: list takes no arguments, not %q", errUsage, fs.Arg(0))
	case *format != "text" && *format != "json" && *format != "yaml":
		return fmt.Errorf("%w: -o %q: want text, json or yaml", errUsage, *format)
	}
	if *format == "yaml" {
		out, err := spec.BuiltinsYAML()
		if err != nil {
			return err
		}
		_, err = stdout.Write(out)
		return err
	}
	all := listAll()
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, l := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Kind, l.Name, l.Description)
	}
	return tw.Flush()
}

// listAll is what `resilience list` shows: the checklist items, then the
// scenarios, then the faults.
func listAll() []listed {
	var out []listed
	for _, it := range checklist {
		out = append(out, listed{"item", it, proof(it)})
	}
	for _, k := range scenarios.Kinds {
		out = append(out, listed{"scenario", string(k), composition(k)})
	}
	for _, f := range scenarios.FaultKinds {
		does := f.Does
		if len(f.Params) > 0 {
			does += " [" + strings.Join(f.Params, ", ") + "]"
		}
		out = append(out, listed{"fault", f.Name, does})
	}
	for _, c := range scenarios.CheckKinds {
		out = append(out, listed{"check", c.Name, c.Does})
	}
	return out
}

// composition says what a built-in scenario does: its faults and when,
// and the items its checks prove.
func composition(k scenarios.Kind) string {
	s, err := scenarios.New(k, scenarios.Config{Target: scenarios.Demo("list")})
	if err != nil {
		return err.Error()
	}
	var fs []string
	for _, st := range s.Schedule.Steps {
		when := "at +" + st.At.String()
		if st.Every > 0 {
			when = "every " + st.Every.String()
		}
		if st.Hold > 0 {
			when += ", held " + st.Hold.String()
		}
		fs = append(fs, st.Fault.Name()+" "+when)
	}
	return "faults: " + strings.Join(fs, "; ") + " — proves: " + strings.Join(scenarios.ItemsOf(s), "; ")
}

// proof says how an item is proven: by which scenarios, and whether the
// static checklist judges the manifests.
func proof(item string) string {
	var by []string
	for _, k := range scenarios.Kinds {
		if slices.Contains(k.Items(), item) {
			by = append(by, string(k))
		}
	}
	var out []string
	if len(by) > 0 {
		out = append(out, "scenarios "+strings.Join(by, ", "))
	}
	if slices.Contains(static.Items(), item) {
		out = append(out, "static check of the manifests")
	}
	if len(out) == 0 {
		return "not proven yet"
	}
	return strings.Join(out, "; ")
}
