package prove

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/golive/resilience/scenarios"
)

// Defaults of Setup, Finish and Prove.
const (
	// DefaultOut is the report's folder, relative to the spec file's.
	DefaultOut = "_out/golive"
	// KeepEnv set to 1 keeps a cluster Setup or Prove made (see Keep).
	KeepEnv = "GOLIVE_KEEP_CLUSTER"
	// DeadlineMargin is the time Prove leaves before go test's -timeout:
	// the run is interrupted then, so that it reverts its faults, deletes
	// its namespace and writes its report before the test binary panics.
	DeadlineMargin = 3 * time.Minute
	// DeleteTimeout bounds deleting the cluster, also after the test's
	// context was cancelled.
	DeleteTimeout = 2 * time.Minute
	// Tool names the program in the report.
	Tool = "resilience prove (go test)"
)

// Option configures Setup, Finish, Feature and Prove.
type Option func(*config)

type config struct {
	out   string
	scale *float64
	seed  *int64
	kinds []scenarios.Kind
	keep  bool
	log   *slog.Logger // nil: Prove logs through t.Log, Setup and Finish not at all
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Out writes the report into dir (default DefaultOut beside the spec).
func Out(dir string) Option { return func(c *config) { c.out = dir } }

// Scale stretches every phase and fault, as the spec's scale does.
func Scale(f float64) Option { return func(c *config) { c.scale = &f } }

// Seed seeds every random choice of the scenarios, as the spec's seed does.
func Seed(n int64) Option { return func(c *config) { c.seed = &n } }

// Scenarios runs these scenarios (each must judge one of the items)
// instead of every scenario that judges one; a scenario the spec composes
// is named scenarios.Kind("its name").
func Scenarios(kinds ...scenarios.Kind) Option {
	return func(c *config) { c.kinds = append(c.kinds, kinds...) }
}

// Keep leaves a cluster Setup or Prove made in place after the tests; a
// cluster they found is always left. KeepEnv=1 does the same.
func Keep(keep bool) Option { return func(c *config) { c.keep = keep } }

// Logger logs the steps (cluster, images, deploys, scenarios) to l. By
// default Prove logs through t.Log and Setup and Finish are silent.
func Logger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// keepCluster says whether a cluster made here stays.
func (c config) keepCluster() bool { return c.keep || os.Getenv(KeepEnv) == "1" }

// logger is the configured logger, or one that discards.
func (c config) logger() *slog.Logger {
	if c.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.log
}

// outDir is the report's folder: Out, or DefaultOut beside the spec.
func (c config) outDir(specPath string) string {
	if c.out != "" {
		return c.out
	}
	return filepath.Join(filepath.Dir(specPath), DefaultOut)
}
