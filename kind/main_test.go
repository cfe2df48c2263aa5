package kind_test

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
	"github.com/golive/resilience/kind/kindenv"
	"github.com/golive/resilience/kind/nodeimage"
)

// Cluster tests share one cluster set up through the package's own
// e2e-framework glue. GOLIVE_KEEP=1 leaves the cluster and the test
// namespace in place for debugging.
const (
	clusterName = "golive-test"
	nodePort    = 30080
)

var (
	testenv env.Environment
	keep    = os.Getenv("GOLIVE_KEEP") == "1"
)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	image, err := nodeimage.Ensure(ctx, nodeimage.DefaultKubernetesVersion, nodeimage.WithLogger(log))
	if err != nil {
		fmt.Fprintln(os.Stderr, "node image:", err)
		os.Exit(1)
	}
	p := kind.NewProvider(kind.WithLogger(log), kind.WithKeepOnFail(keep))
	cfg := kind.Config{Name: clusterName, NodeImage: image, Workers: 2,
		Ports: []kind.PortMapping{{NodePort: nodePort}}}
	testenv = env.NewWithConfig(envconf.New()).WithContext(ctx)
	testenv.Setup(kindenv.Setup(p, cfg))
	testenv.Finish(kindenv.Finish(p, clusterName, keep))
	os.Exit(testenv.Run(m))
}

// needCluster skips a test under -short, where TestMain made no cluster.
func needCluster(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a kind cluster (Docker, node image); skipped under -short")
	}
}
