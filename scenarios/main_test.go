package scenarios_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sigs.k8s.io/e2e-framework/pkg/env"
	"sigs.k8s.io/e2e-framework/pkg/envconf"

	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/kindenv"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/scenarios/target"
)

// The suite runs on one cluster, made (or reused when healthy) through the
// kind package's e2e-framework glue. GOLIVE_KEEP=1 keeps the cluster and the
// namespaces of the scenarios; GOLIVE_REPORT=<dir> writes the report and
// the matrix there (default _out/report).
const clusterName = "golive-suite"

var (
	keep         = os.Getenv("GOLIVE_KEEP") == "1"
	imageRef     = fmt.Sprintf("golive.local/target:%d", time.Now().Unix())
	probeRef     = fmt.Sprintf("golive.local/netprobe:%d", time.Now().Unix())
	suiteReady   bool
	suiteCtx     context.Context
	suiteCluster *kind.Cluster
)

// Nightly runs stretch the phases and repeat every run.
var (
	scale    = flag.Float64("golive.scale", 1, "stretch every phase and fault by this factor (nightly: 3 or 10)")
	repeatN  = flag.Int("golive.repeat", 1, "run every scenario this many times; verdicts must agree")
	alone    = flag.Bool("golive.alone", false, "run every variant in a run of its own instead of as a tenant of its scenario's run (to compare)")
	variants = flag.String("golive.variants", "", "deploy only these variants (comma-separated, e.g. good); rows of the others fail")
	repeat   int
)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	repeat = max(*repeatN, 1)
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Minute)
	defer cancel()
	suiteCtx = ctx
	image, err := nodeimage.Ensure(ctx, nodeimage.DefaultKubernetesVersion, nodeimage.WithLogger(log))
	if err != nil {
		fmt.Fprintln(os.Stderr, "node image:", err)
		os.Exit(1)
	}
	p := kind.NewProvider(kind.WithLogger(log), kind.WithKeepOnFail(keep))
	cfg := kind.Config{Name: clusterName, NodeImage: image, Workers: 2}
	for _, port := range nodePorts {
		cfg.Ports = append(cfg.Ports, kind.PortMapping{NodePort: int32(port)})
	}
	testenv := env.NewWithConfig(envconf.New()).WithContext(ctx)
	testenv.Setup(kindenv.Setup(p, cfg), func(ctx context.Context, _ *envconf.Config) (context.Context, error) {
		c, err := kindenv.ClusterFrom(ctx, clusterName)
		if err != nil {
			return ctx, err
		}
		if err := c.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, 3*time.Minute); err != nil {
			return ctx, err
		}
		if err := target.BuildImage(ctx, imageRef); err != nil {
			return ctx, err
		}
		if err := kind.ImageFromPackage(ctx, probeRef, netpol.Package); err != nil {
			return ctx, err
		}
		if err := c.LoadImages(ctx, imageRef, probeRef); err != nil {
			return ctx, err
		}
		suiteCluster, suiteReady = c, true
		return ctx, nil
	})
	testenv.Finish(func(ctx context.Context, _ *envconf.Config) (context.Context, error) {
		if suiteReady {
			waitUndeployed(ctx)
		}
		return ctx, nil
	}, kindenv.Finish(p, clusterName, keep))
	code := testenv.Run(m)
	dir := os.Getenv("GOLIVE_REPORT")
	if dir == "" {
		dir = filepath.Join("..", "_out", "report")
	}
	writeReport(dir)
	mx, err := writeMatrix(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "writing matrix:", err)
		code = max(code, 1)
	}
	if phaseTime > 0 {
		wall := time.Since(started)
		fmt.Printf("suite: wall time %s, phases of its runs %s, overhead %.2f\n",
			wall.Round(time.Second), phaseTime.Round(time.Second), wall.Seconds()/phaseTime.Seconds())
	}
	if len(mx.Cells) > 0 && !mx.OK() {
		fmt.Fprintln(os.Stderr, "FAIL: the matrix misses a defect, raised a false alarm or changed between repetitions")
		code = max(code, 1)
	}
	os.Exit(code)
}

// logf prints a progress line of the suite (go test -v shows it as it
// happens).
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s suite: %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
}
