package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/clusterbench"
	"github.com/golive/resilience/kind/engine"
	"github.com/golive/resilience/kind/nodeimage"
)

type clusterFlags struct {
	name, version string
	workers       int
	port          int
	metrics       bool
	runs          int
	keepOnFail    bool
	grace         time.Duration
}

// minNodeMonitorGrace is the shortest -node-monitor-grace taken: the
// kubelet renews its node lease every 10 s, and a grace shorter than two
// renewals would turn a node NotReady for one late renewal.
const minNodeMonitorGrace = 20 * time.Second

func runCluster(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: cluster up|down|bench [flags]", errUsage)
	}
	verb := args[0]
	if isHelp(verb) {
		verb, args = "up|down|bench", []string{verb, verb}
	}
	fs := flag.NewFlagSet("cluster "+verb, flag.ContinueOnError)
	var f clusterFlags
	fs.StringVar(&f.name, "name", kind.DefaultName, "cluster name")
	fs.StringVar(&f.version, "version", nodeimage.DefaultKubernetesVersion, "Kubernetes version")
	fs.IntVar(&f.workers, "workers", kind.DefaultWorkers, "worker nodes")
	fs.IntVar(&f.port, "port", 30080, "NodePort mapped to the same port on 127.0.0.1")
	fs.BoolVar(&f.metrics, "metrics-server", true, "install metrics-server")
	fs.IntVar(&f.runs, "runs", 3, "bench: creations per way")
	fs.BoolVar(&f.keepOnFail, "keep-on-fail", false, "leave a cluster that failed to come up")
	fs.DurationVar(&f.grace, "node-monitor-grace", 0, "up: kube-controller-manager's node-monitor-grace-period, for a test cluster whose lost nodes should turn NotReady sooner (default Kubernetes' 50s; at least 20s)")
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	switch {
	case verb != "up" && verb != "down" && verb != "bench":
		return fmt.Errorf("%w: cluster up|down|bench, not %q", errUsage, verb)
	case fs.NArg() > 0:
		return fmt.Errorf("%w: cluster %s takes flags only, not %q", errUsage, verb, fs.Arg(0))
	case f.grace != 0 && (f.grace < minNodeMonitorGrace || f.grace%time.Second != 0):
		return fmt.Errorf("%w: -node-monitor-grace %s: want whole seconds, at least %s (the kubelet renews its lease every 10s)", errUsage, f.grace, minNodeMonitorGrace)
	}
	log := progress(stderr)
	if err := engine.Ensure(ctx, engine.WithLogger(log)); err != nil {
		return err
	}
	p := kind.NewProvider(kind.WithLogger(log), kind.WithKeepOnFail(f.keepOnFail))
	if verb == "down" {
		return p.Delete(ctx, f.name)
	}
	image, err := nodeimage.Ensure(ctx, f.version, nodeimage.WithLogger(log))
	if err != nil {
		return err
	}
	cfg := kind.Config{Name: f.name, NodeImage: image, Workers: f.workers,
		Ports: []kind.PortMapping{{NodePort: int32(f.port)}}}
	if f.grace != 0 {
		cfg.ControllerManagerArgs = map[string]string{"node-monitor-grace-period": f.grace.String()}
	}
	if verb == "bench" {
		return benchCluster(ctx, p, cfg, f.runs, stdout)
	}
	c, err := p.GetOrCreate(ctx, cfg)
	if err != nil {
		return err
	}
	if f.metrics {
		if err := c.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, 3*time.Minute); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "cluster %q is ready (%d workers, node image %s)\n", c.Name, f.workers, image)
	fmt.Fprintf(stdout, "  export KUBECONFIG=%s\n", c.Kubeconfig)
	fmt.Fprintf(stdout, "  kubectl get nodes\n")
	fmt.Fprintf(stdout, "  a Service of type NodePort on port %d answers on http://127.0.0.1:%d/\n", f.port, f.port)
	fmt.Fprintf(stdout, "  delete it with: go run ./cmd/resilience cluster down -name %s\n", c.Name)
	return nil
}

func benchCluster(ctx context.Context, p *kind.Provider, cfg kind.Config, runs int, stdout io.Writer) error {
	kindBin, err := clusterbench.BuildKindCommand(ctx, os.TempDir())
	if err != nil {
		return err
	}
	cfg.Name += "-bench"
	rs, err := clusterbench.Run(ctx, p, clusterbench.Options{Runs: runs, KindBin: kindBin, Config: cfg, Out: stdout})
	if err != nil {
		return err
	}
	pkg, cli := clusterbench.Median(rs, "package"), clusterbench.Median(rs, "kind-cli")
	fmt.Fprintf(stdout, "median create→Ready: package %.1fs, kind CLI %.1fs, ratio %.3f (target ≤ 1.10)\n",
		pkg.Seconds(), cli.Seconds(), pkg.Seconds()/cli.Seconds())
	return nil
}
