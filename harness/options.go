package harness

import (
	"io"
	"log/slog"
	"time"

	"github.com/golive/resilience/harness/fault"
)

// Defaults of Run.
const (
	// DefaultRevertTimeout bounds the reverts of one fault.
	DefaultRevertTimeout = fault.DefaultRevertTimeout
	// DefaultInflightWait bounds how long the end of a fault phase waits
	// for injections still in progress to return before reverting.
	DefaultInflightWait = 30 * time.Second
	// DefaultSlack is added to a run's total time limit beyond its phases
	// and waits.
	DefaultSlack = 5 * time.Minute
)

// Option configures Run, Sweep and NewEnv.
type Option func(*config)

type config struct {
	log           *slog.Logger
	dryRun        io.Writer
	breach        *Breach
	load          LoadFunc
	allow         map[string]bool
	engine        fault.Engine
	network       string
	runID         string
	revertTimeout time.Duration
}

func newConfig(opts []Option) config {
	c := config{log: slog.New(slog.DiscardHandler), allow: map[string]bool{}, engine: fault.DockerCLI{},
		revertTimeout: DefaultRevertTimeout}
	for _, o := range opts {
		o(&c)
	}
	if c.load == nil {
		c.load = Loadgen()
	}
	if c.runID == "" {
		c.runID = time.Now().UTC().Format("20060102t150405.000")
	}
	return c
}

// WithLogger makes the run log its progress to l (discarded by default).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// DryRun makes Run print the plan (phases, load, faults with their offsets
// and selectors, checks) to w and return without touching the cluster.
func DryRun(w io.Writer) Option { return func(c *config) { c.dryRun = w } }

// Breach is an SLO breach that stops the faults early.
type Breach struct {
	// MinSuccess is the success ratio below which a load window breaches.
	MinSuccess float64
	// Windows is how many consecutive breaching windows abort (at least 1).
	Windows int
}

// AbortOnBreach stops every fault early when the load breaches b during
// the fault phase. Reverts still run; the result and every verdict say the
// run was aborted.
func AbortOnBreach(b Breach) Option {
	return func(c *config) {
		b.Windows = max(b.Windows, 1)
		c.breach = &b
	}
}

// WithLoad replaces loadgen as the load source.
func WithLoad(f LoadFunc) Option { return func(c *config) { c.load = f } }

// AllowContext lets destructive faults run on a cluster this harness did
// not create, named by its kubeconfig context ("kind-<name>").
func AllowContext(name string) Option { return func(c *config) { c.allow[name] = true } }

// WithEngine replaces the docker command line as the way to reach node
// containers.
func WithEngine(e fault.Engine) Option { return func(c *config) { c.engine = e } }

// WithNetwork names the container network of the nodes (fault.DefaultNetwork).
func WithNetwork(name string) Option { return func(c *config) { c.network = name } }

// WithRunID sets the ID that marks what the run touches (default: the
// start time).
func WithRunID(id string) Option { return func(c *config) { c.runID = id } }

// WithRevertTimeout bounds the reverts of each fault (DefaultRevertTimeout).
func WithRevertTimeout(d time.Duration) Option { return func(c *config) { c.revertTimeout = d } }
