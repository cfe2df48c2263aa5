package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gcluster "github.com/golive/resilience/harness/cluster"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/engine"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/runner"
	"github.com/golive/resilience/scenarios/spec"
)

// Sentinels the exit code is read from.
var (
	// errFailed: a checklist item FAILed (exit 1).
	errFailed = errors.New("checklist items failed")
	// errIncomplete: a check could not reach a verdict (exit 2).
	errIncomplete = errors.New("the run is incomplete")
)

// reportTimeout bounds writing the report, also after an interrupt.
const reportTimeout = time.Minute

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseRunFlags(args, stdout)
	if err != nil {
		return err
	}
	out := f.out
	if out == "" {
		out = defaultOut
	}
	if err := checkOut("-out", out); err != nil {
		return err
	}
	if err := checkCluster(f.kubeconfig, f.context, f.allowContext, f.generic); err != nil {
		return err
	}
	s, err := loadSpec(ctx, f.spec)
	if err != nil {
		return err
	}
	plan, err := planRun(s, f)
	if err != nil {
		return err
	}
	if f.dryRun {
		fmt.Fprintln(stdout, clusterPlan(s, f))
		return plan.DryRun(ctx, stdout)
	}
	return execute(ctx, f, plan, stdout, stderr)
}

// planRun applies the flags to the spec and plans the run; it touches
// nothing.
func planRun(s *spec.Spec, f *runFlags) (*runner.Plan, error) {
	if err := override(s, f); err != nil {
		return nil, err
	}
	if f.benchLoad {
		// The bench deploys the target and sends load; it needs no
		// scenario's extras (the probe, metrics-server).
		f.kinds = []scenarios.Kind{scenarios.PodTermination}
	}
	kinds, err := runner.Select(f.kinds, s.Items, s.Customs()...)
	if err != nil {
		if f.set["items"] || f.set["scenarios"] {
			return nil, fmt.Errorf("%w: -items/-scenarios: %w", errUsage, err)
		}
		return nil, fmt.Errorf("spec: %w", s.FieldError("items", err))
	}
	tag := "dry-run"
	switch {
	case f.tag != "":
		tag = f.tag
	case !f.dryRun:
		tag = time.Now().UTC().Format("20060102-150405")
	}
	plan, err := runner.NewPlan(s, kinds, s.Items, tag)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	if f.set["scenarios"] {
		// A scenario asked for by name runs, or the run says why not.
		for _, k := range f.kinds {
			if why, ok := plan.NotRun[k]; ok {
				return nil, fmt.Errorf("%w: -scenarios %s: %s", errUsage, k, why)
			}
		}
	}
	return plan, nil
}

// override applies the flags that change the spec.
func override(s *spec.Spec, f *runFlags) error {
	if f.cluster != "" {
		s.Cluster.Name = f.cluster
	}
	if f.set["items"] {
		s.Items = f.items
	}
	if f.set["scale"] {
		s.Scale = f.scale
	}
	if f.set["seed"] {
		s.Seed = f.seed
	}
	if f.benchLoad && !f.set["load"] {
		f.load, f.set["load"] = spec.LoadCluster, true
	}
	if f.set["load"] {
		s.Load.From = f.load
		if f.load == spec.LoadLocal {
			s.Load.Attackers = 0
		}
		s.Default()
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("%w: a flag gives the spec a bad value: %w", errUsage, err)
	}
	return nil
}

func clusterPlan(s *spec.Spec, f *runFlags) string {
	if f.context != "" || f.kubeconfig != "" {
		allowed := "destructive faults refused unless it is a cluster this project made"
		if f.allowContext != "" {
			allowed = "destructive faults allowed by -allow-context"
		}
		if f.generic {
			return fmt.Sprintf("cluster: the cluster of context %q through its Kubernetes API only (%s; faults inside a node SKIP: no node provider; images must already be on its nodes), load to %s",
				orCurrent(f.context), allowed, loadTo(s))
		}
		return fmt.Sprintf("cluster: the kind cluster of context %q (%s), %s", orCurrent(f.context), allowed, nodePorts(s))
	}
	return fmt.Sprintf("cluster: kind cluster %q with %d workers, made or reused, %s", s.Cluster.Name, s.Cluster.Workers, nodePorts(s))
}

// loadTo says where the load goes: the targets' NodePorts on 127.0.0.1,
// or their Services from the attackers.
func loadTo(s *spec.Spec) string {
	if s.Load.From == spec.LoadCluster {
		return "the targets' Services from attacker pods"
	}
	return nodePorts(s)
}

// nodePorts names where the targets are reached: "NodePort 30080 on
// 127.0.0.1", "NodePorts 30080, 30081 on 127.0.0.1", and a target without
// one by its Service: "Service golive-x/target:80 from the cluster".
func nodePorts(s *spec.Spec) string {
	var ports, services []string
	for _, t := range s.Tenants() {
		if t.Target.NodePort == 0 {
			services = append(services, fmt.Sprintf("Service %s/%s:%d", t.Target.Namespace, t.Target.ServiceName(), t.Target.Port))
			continue
		}
		ports = append(ports, strconv.Itoa(t.Target.NodePort))
	}
	var out []string
	switch len(ports) {
	case 0:
	case 1:
		out = append(out, "NodePort "+ports[0]+" on 127.0.0.1")
	default:
		out = append(out, "NodePorts "+strings.Join(ports, ", ")+" on 127.0.0.1")
	}
	if len(services) > 0 {
		out = append(out, strings.Join(services, ", ")+" from the cluster")
	}
	return strings.Join(out, "; ")
}

func orCurrent(ctx string) string {
	if ctx == "" {
		return "current"
	}
	return ctx
}

// execute gets the cluster, runs the plan with live progress, writes the
// report and turns the outcome into the error the exit code is read from.
func execute(ctx context.Context, f *runFlags, plan *runner.Plan, stdout, stderr io.Writer) error {
	st := newStatus(stderr, isTerminal(stderr))
	defer st.close()
	log := progress(st)
	p := kind.NewProvider(kind.WithLogger(log))
	c, rc, err := cluster(ctx, f, plan.Spec, p, log)
	if err != nil {
		return err
	}
	if f.deleteCluster {
		defer func() {
			dctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := p.Delete(dctx, c.ClusterName()); err != nil {
				fmt.Fprintln(stderr, "resilience:", err)
			}
		}()
	}
	out := f.out
	if out == "" {
		out = filepath.Join(defaultOut, "run-"+time.Now().Format("20060102-150405"))
	}
	opts := []runner.Option{runner.WithProgress(st.update), runner.WithCluster(rc), runner.KeepNamespace(f.keep),
		runner.WithLogger(log), runner.WithLogs(filepath.Join(out, "logs"))}
	if f.allowContext != "" {
		opts = append(opts, runner.AllowContext(f.allowContext))
	}
	if f.benchLoad {
		rates := f.benchRates
		if len(rates) == 0 {
			rates = []int{100, 400, 1600, 3200, 6400, 12800}
		}
		_, err := runner.BenchLoad(ctx, c, plan, rates, f.benchStep, stdout, runner.WithLogger(log))
		return err
	}
	res, runErr := runner.Run(ctx, c, plan, opts...)
	st.close()
	if res == nil {
		return runErr
	}
	dir, err := writeReport(res, out)
	if err != nil {
		return errors.Join(runErr, err)
	}
	summarize(stdout, res, dir)
	if f.push != "" {
		if err := pushMetrics(res, f, plan.Spec.Name); err != nil {
			// The report is written; a run that passed still did not do
			// all it was asked.
			fmt.Fprintln(stderr, "resilience:", err)
			if o := outcome(res, runErr); o != nil {
				return o
			}
			return err
		}
		fmt.Fprintf(stdout, "metrics pushed to %s (job %s, instance %s)\n", f.push, f.pushJob, pushInstance(f, plan.Spec.Name))
	}
	return outcome(res, runErr)
}

// pushMetrics pushes the run's metrics to the -push Pushgateway on a
// context of its own: the run's may have been cancelled.
func pushMetrics(res *reports.Result, f *runFlags, specName string) error {
	ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
	defer cancel()
	g := reports.Pushgateway{URL: f.push, Job: f.pushJob, Grouping: map[string]string{"instance": pushInstance(f, specName)}}
	return g.Push(ctx, res, nil)
}

func pushInstance(f *runFlags, specName string) string {
	if f.pushInstance != "" {
		return f.pushInstance
	}
	return specName
}

// cluster makes or reuses the spec's kind cluster, or attaches to the one
// of -context — through its API only with -generic, without Docker — and
// returns the report's record of it.
func cluster(ctx context.Context, f *runFlags, s *spec.Spec, p *kind.Provider, log *slog.Logger) (runner.Cluster, reports.Cluster, error) {
	if f.generic {
		g, err := gcluster.Attach(ctx, f.kubeconfig, f.context)
		if err != nil {
			return nil, reports.Cluster{}, err
		}
		return g, reports.Cluster{Context: g.Context(), Access: "through the Kubernetes API only (no node provider: faults inside a node SKIP)"}, nil
	}
	if err := engine.Ensure(ctx, engine.WithLogger(log)); err != nil {
		return nil, reports.Cluster{}, err
	}
	if f.context == "" && f.kubeconfig == "" {
		c, image, err := runner.KindCluster(ctx, p, s, log)
		return c, reports.Cluster{NodeImage: image}, err
	}
	c, err := p.AttachContext(ctx, f.kubeconfig, f.context)
	if err != nil {
		return nil, reports.Cluster{}, err
	}
	if f.allowContext != "" && f.allowContext != c.Context() {
		return nil, reports.Cluster{}, fmt.Errorf("%w: -allow-context %q does not name the context %q", errUsage, f.allowContext, c.Context())
	}
	return c, reports.Cluster{Context: c.Context()}, runner.CheckPorts(ctx, c, s)
}

// writeReport renders the report into dir (default _out/run-<start>) on a
// context of its own: the run's may have been cancelled.
func writeReport(res *reports.Result, dir string) (string, error) {
	if dir == "" {
		dir = filepath.Join(defaultOut, "run-"+res.Started.Format("20060102-150405"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
	defer cancel()
	if _, err := reports.Render(ctx, dir, res, nil); err != nil {
		return "", err
	}
	return dir, nil
}

// outcome maps a finished run to the error its exit code comes from.
func outcome(res *reports.Result, runErr error) error {
	if runErr != nil {
		return runErr
	}
	switch res.Overall() {
	case reports.StatusFail:
		return errFailed
	case reports.StatusError:
		return errIncomplete
	}
	return nil
}
