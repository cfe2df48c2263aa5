package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/spec"
)

// runFlags are the flags of `resilience run`.
type runFlags struct {
	spec, out                    string
	cluster, context, kubeconfig string
	allowContext                 string
	generic                      bool
	tag                          string
	kinds                        []scenarios.Kind
	items                        []string
	scale                        float64
	seed                         int64
	load                         string
	// benchLoad measures the load sources instead of running scenarios
	// (BenchLoad), at benchRates for benchStep each.
	benchLoad                   bool
	benchRates                  []int
	benchStep                   time.Duration
	dryRun, deleteCluster, keep bool
	// push is a Pushgateway's URL the run's metrics go to, grouped by
	// pushJob and pushInstance.
	push, pushJob, pushInstance string
	set                         map[string]bool // flags given
}

// maxBenchRate bounds -bench-rates: the load runs on this machine or its cluster.
const maxBenchRate = 100000

func parseRunFlags(args []string, stdout io.Writer) (*runFlags, error) {
	f := &runFlags{set: map[string]bool{}}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.StringVar(&f.spec, "spec", "", "spec file (default: the embedded demo spec, cmd/resilience/demo.yaml)")
	fs.StringVar(&f.out, "out", "", "report folder (default _out/run-<time>)")
	fs.StringVar(&f.cluster, "cluster", "", "kind cluster to make or reuse (default: the spec's cluster.name)")
	fs.StringVar(&f.context, "context", "", "run on the existing kind cluster of this kubeconfig context (kind-<name>)")
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file for -context (default: $KUBECONFIG or ~/.kube/config)")
	fs.StringVar(&f.tag, "tag", "", "tag of the images the run builds (default: its start time, UTC); with -generic nothing is built: the target's, the attackers' and the probe's images must already be on the nodes with this tag")
	fs.BoolVar(&f.generic, "generic", false, "reach the cluster of -context through its Kubernetes API only, as any cluster: no Docker, no node containers (node faults SKIP; images must already be on its nodes)")
	fs.StringVar(&f.allowContext, "allow-context", "", "let destructive faults run on this context although this project did not create its cluster")
	fs.Func("scenarios", "comma-separated scenario `names` to run (default: those judging the items, else all; see resilience list)", func(v string) error {
		for _, name := range strings.Split(v, ",") {
			// Built-in or composed by the spec: Select knows once it is read.
			k := scenarios.Kind(strings.TrimSpace(name))
			if k == "" {
				return fmt.Errorf("an empty scenario name")
			}
			if slices.Contains(f.kinds, k) {
				return fmt.Errorf("scenario %q given twice", k)
			}
			f.kinds = append(f.kinds, k)
		}
		return nil
	})
	fs.Func("items", "a checklist `item` to prove, e.g. -items PDB; repeat for more (default: the spec's items)", func(v string) error {
		f.items = append(f.items, strings.TrimSpace(v))
		return nil
	})
	fs.Float64Var(&f.scale, "scale", 0, "stretch every phase and fault (default: the spec's scale)")
	fs.Int64Var(&f.seed, "seed", 0, "seed of every random choice (default: the spec's seed)")
	fs.BoolVar(&f.benchLoad, "bench-load", false, "measure local and in-cluster load against the target at rising rates instead of running scenarios")
	fs.Func("bench-rates", "comma-separated `rates` (requests/s) of -bench-load (default 100,400,1600,3200,6400,12800)", func(v string) error {
		for _, r := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(r))
			if err != nil || n < 1 || n > maxBenchRate {
				return fmt.Errorf("%q: want requests/s from 1 to %d", r, maxBenchRate)
			}
			f.benchRates = append(f.benchRates, n)
		}
		return nil
	})
	fs.DurationVar(&f.benchStep, "bench-step", 20*time.Second, "how long -bench-load holds each rate")
	fs.StringVar(&f.load, "load", "", "where the load comes from: local (this machine) or cluster (attacker pods; default: the spec's load.from)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the plan and touch nothing")
	fs.BoolVar(&f.deleteCluster, "delete-cluster", false, "delete the kind cluster after the run")
	fs.BoolVar(&f.keep, "keep", false, "keep the last scenario's namespace for debugging")
	fs.StringVar(&f.push, "push", "", "push the run's metrics (metrics.prom) to this Pushgateway `URL` after the report")
	fs.StringVar(&f.pushJob, "push-job", reports.DefaultPushJob, "the job label of -push")
	fs.StringVar(&f.pushInstance, "push-instance", "", "the instance label of -push (default: the spec's name)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: run takes flags only, not %q", errUsage, fs.Arg(0))
	}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	switch {
	case f.cluster != "" && (f.context != "" || f.kubeconfig != ""):
		return nil, fmt.Errorf("%w: -cluster makes or reuses a kind cluster; -context and -kubeconfig name an existing one: choose one way", errUsage)
	case f.allowContext != "" && f.context == "" && f.kubeconfig == "":
		return nil, fmt.Errorf("%w: -allow-context goes with -context: a cluster the run makes needs no permission", errUsage)
	case f.allowContext != "" && f.context != "" && f.allowContext != f.context:
		return nil, fmt.Errorf("%w: -allow-context %q does not name the -context %q", errUsage, f.allowContext, f.context)
	case f.tag != "" && !spec.ValidTag(f.tag):
		return nil, fmt.Errorf("%w: -tag %q: want an image tag (letters, digits, _ . -; at most 128)", errUsage, f.tag)
	case f.generic && f.tag == "" && !f.dryRun:
		return nil, fmt.Errorf("%w: -generic builds no image: give the -tag its images carry on the cluster's nodes", errUsage)
	case f.generic && f.context == "" && f.kubeconfig == "":
		return nil, fmt.Errorf("%w: -generic reaches an existing cluster: give its -context", errUsage)
	case f.deleteCluster && (f.context != "" || f.kubeconfig != ""):
		return nil, fmt.Errorf("%w: -delete-cluster deletes only a cluster the run made, not one named by -context", errUsage)
	case f.set["scale"] && (math.IsNaN(f.scale) || f.scale <= 0 || f.scale > spec.MaxScale):
		return nil, fmt.Errorf("%w: -scale %g: want a number more than 0 and at most %d", errUsage, f.scale, spec.MaxScale)
	case f.benchLoad && f.set["load"] && f.load != spec.LoadCluster:
		return nil, fmt.Errorf("%w: -bench-load compares this machine's load with the cluster's: it needs -load cluster, not %q", errUsage, f.load)
	case (f.set["bench-rates"] || f.set["bench-step"]) && !f.benchLoad:
		return nil, fmt.Errorf("%w: -bench-rates and -bench-step go with -bench-load", errUsage)
	case f.benchStep < 5*time.Second || f.benchStep > 10*time.Minute:
		return nil, fmt.Errorf("%w: -bench-step %s: want 5s to 10m", errUsage, f.benchStep)
	case f.set["load"] && f.load != spec.LoadLocal && f.load != spec.LoadCluster:
		return nil, fmt.Errorf("%w: -load %q: want %s or %s", errUsage, f.load, spec.LoadLocal, spec.LoadCluster)
	case f.push != "" && !pushURL(f.push):
		return nil, fmt.Errorf("%w: -push %q: want a Pushgateway's http(s) URL, e.g. http://127.0.0.1:9091", errUsage, f.push)
	case f.pushJob == "":
		return nil, fmt.Errorf("%w: -push-job is empty", errUsage)
	case f.cluster != "" && len(validation.IsDNS1123Label(f.cluster)) > 0:
		return nil, fmt.Errorf("%w: -cluster %q: %s", errUsage, f.cluster, validation.IsDNS1123Label(f.cluster)[0])
	}
	known, items := spec.KnownItems(), f.items
	f.items = nil
	for _, it := range items {
		if !slices.Contains(known, it) {
			return nil, fmt.Errorf("%w: -items %q: unknown checklist item (see `resilience list`)", errUsage, it)
		}
		if !slices.Contains(f.items, it) {
			f.items = append(f.items, it)
		}
	}
	return f, nil
}

// pushURL says whether u is an absolute http(s) URL with a host.
func pushURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}
