package scenarios_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"sigs.k8s.io/e2e-framework/pkg/env"
	"sigs.k8s.io/e2e-framework/pkg/envconf"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/nodeimage"
	"github.com/golive/resilience/scenarios"
	"github.com/golive/resilience/scenarios/target"
)

// The suite runs on one cluster, made (or reused when healthy) through the
// kind package's e2e-framework glue. GOLIVE_KEEP=1 keeps the cluster and the
// namespaces of the scenarios; GOLIVE_REPORT=<dir> writes the report there.
const clusterName = "golive-suite"

var (
	testenv    env.Environment
	keep       = os.Getenv("GOLIVE_KEEP") == "1"
	imageRef   = fmt.Sprintf("golive.local/target:%d", time.Now().Unix())
	suiteReady bool
)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Minute)
	defer cancel()
	image, err := nodeimage.Ensure(ctx, nodeimage.DefaultKubernetesVersion, nodeimage.WithLogger(log))
	if err != nil {
		fmt.Fprintln(os.Stderr, "node image:", err)
		os.Exit(1)
	}
	p := kind.NewProvider(kind.WithLogger(log), kind.WithKeepOnFail(keep))
	cfg := kind.Config{Name: clusterName, NodeImage: image, Workers: 2,
		Ports: []kind.PortMapping{{NodePort: scenarios.NodePort}}}
	testenv = env.NewWithConfig(envconf.New()).WithContext(ctx)
	testenv.Setup(kind.EnvSetup(p, cfg), func(ctx context.Context, _ *envconf.Config) (context.Context, error) {
		c, err := kind.ClusterFrom(ctx, clusterName)
		if err != nil {
			return ctx, err
		}
		if err := c.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, 3*time.Minute); err != nil {
			return ctx, err
		}
		if err := target.BuildImage(ctx, imageRef); err != nil {
			return ctx, err
		}
		suiteReady = true
		return ctx, c.LoadImages(ctx, imageRef)
	})
	testenv.Finish(kind.EnvFinish(p, clusterName, keep))
	code := testenv.Run(m)
	writeReport()
	os.Exit(code)
}

// Nightly runs stretch the phases and repeat every run.
var (
	scale  = 1.0
	repeat = 1
)

func init() {
	flag.Float64Var(&scale, "golive.scale", 1, "stretch every phase and fault by this factor (nightly: 3 or 10)")
	flag.IntVar(&repeat, "golive.repeat", 1, "run every scenario this many times; verdicts must agree")
}
