// Package clusterbench times cluster creation through package kind against
// the kind command line on the same node image, to show that the library
// adds nothing measurable to kind's own create.
package clusterbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/command"
)

// Result is one timed creation.
type Result struct {
	Via     string // "package" or "kind-cli"
	Run     int
	Elapsed time.Duration // create → all nodes Ready and CoreDNS available
}

// Options of Run.
type Options struct {
	Runs    int
	KindBin string // path of the kind command to compare with
	Config  kind.Config
	Out     io.Writer
}

// Run creates and deletes the cluster Runs times each way, alternating, and
// returns every timing.
func Run(ctx context.Context, p *kind.Provider, o Options) ([]Result, error) {
	raw, err := yaml.Marshal(o.Config.V1Alpha4())
	if err != nil {
		return nil, fmt.Errorf("rendering kind config: %w", err)
	}
	cfgFile := filepath.Join(os.TempDir(), "golive-clusterbench.yaml")
	if err := os.WriteFile(cfgFile, raw, 0o644); err != nil {
		return nil, err
	}
	defer os.Remove(cfgFile)
	var out []Result
	for i := 1; i <= o.Runs; i++ {
		for _, via := range []string{"package", "kind-cli"} {
			if err := p.Delete(ctx, o.Config.Name); err != nil {
				return out, err
			}
			start := time.Now()
			if via == "package" {
				if _, err := p.Create(ctx, o.Config); err != nil {
					return out, err
				}
			} else {
				if _, err := command.Run(ctx, o.KindBin, "create", "cluster", "--name", o.Config.Name,
					"--image", o.Config.NodeImage, "--config", cfgFile, "--wait", "5m"); err != nil {
					return out, fmt.Errorf("kind create cluster: %w", err)
				}
				// Same end condition as the package: every node Ready, CoreDNS available.
				if _, err := p.Get(ctx, o.Config.Name); err != nil {
					return out, err
				}
			}
			r := Result{Via: via, Run: i, Elapsed: time.Since(start)}
			fmt.Fprintf(o.Out, "run %d  %-8s  %6.1fs\n", r.Run, r.Via, r.Elapsed.Seconds())
			out = append(out, r)
		}
	}
	return out, p.Delete(ctx, o.Config.Name)
}

// Median returns the median elapsed time of the results made via one way.
func Median(rs []Result, via string) time.Duration {
	var d []time.Duration
	for _, r := range rs {
		if r.Via == via {
			d = append(d, r.Elapsed)
		}
	}
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

// BuildKindCommand builds the kind command line of the kind module this
// program links, so that both ways run the same kind.
func BuildKindCommand(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "kind")
	if _, err := command.Run(ctx, "go", "build", "-o", bin, "sigs.k8s.io/kind"); err != nil {
		return "", fmt.Errorf("building the kind command: %w", err)
	}
	return bin, nil
}
