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
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/controlplane"
	"github.com/golive/resilience/harness/fault/network"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/fault/stress"
	"github.com/golive/resilience/scenarios"
)

// checklist is the go-live checklist, in the order of its source document.
var checklist = []string{checks.ItemGracefulShutdown, checks.ItemProbes, checks.ItemResources, checks.ItemReplicas,
	checks.ItemHPA, checks.ItemPDB, checks.ItemSpread, checks.ItemStateless, checks.ItemRollout, checks.ItemSLO,
	checks.ItemFailover, checks.ItemNetworkPolicy, checks.ItemPodSecurity, checks.ItemObservability}

// faults are the faults of harness/fault's families, with what each does.
var faults = []struct {
	f    fault.Fault
	does string
}{
	{pod.Delete{}, "deletes target pods gracefully; their controller replaces them"},
	{pod.Delete{Force: true}, "deletes target pods with a grace period of zero"},
	{pod.Evict{}, "evicts target pods through the Eviction API (PDBs apply)"},
	{pod.Kill{}, "sends a signal (SIGKILL) to a target container's main process"},
	{node.Cordon{}, "marks a worker unschedulable"},
	{node.Drain{}, "cordons a worker and evicts its pods"},
	{node.Stop{}, "stops a worker's container (SIGTERM, then SIGKILL)"},
	{node.Kill{}, "kills a worker's container (SIGKILL)"},
	{node.Freeze{}, "pauses every process of a worker's container"},
	{node.Disconnect{}, "takes a worker's container off the nodes' network"},
	{network.Partition{}, "drops every packet between a node or pods and a set of peers"},
	{network.Loss{}, "drops packets with a probability"},
	{network.Latency{}, "delays packets with tc netem (where the kernel has sch_netem)"},
	{network.DNSOutage{}, "scales cluster DNS to zero"},
	{stress.Stress{CPU: 1}, "a pod pinned to a node keeping CPUs busy"},
	{stress.Stress{Memory: 1}, "a pod pinned to a node holding memory"},
	{controlplane.Freeze{}, "stops a control-plane process (API server, etcd, ...) with SIGSTOP"},
}

// listed is one line of `resilience list`: an item, a scenario or a
// fault, and what it is.
type listed struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func runList(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	format := fs.String("o", "text", "output `format`: text (one per line) or json (an array of {kind, name, description})")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: list takes no arguments, not %q", errUsage, fs.Arg(0))
	case *format != "text" && *format != "json":
		return fmt.Errorf("%w: -o %q: want text or json", errUsage, *format)
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
		out = append(out, listed{"scenario", string(k), "proves: " + strings.Join(k.Items(), "; ")})
	}
	for _, f := range faults {
		out = append(out, listed{"fault", f.f.Name(), f.does})
	}
	return out
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
