package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Targets of issue 3.
const (
	MaxRateError = 0.01 // achieved rate within 1% of the plan's
	MaxCPURatio  = 1.10 // loadgen's CPU per request within 10% of vegeta's
	MaxRSSRatio  = 1.10 // peak RSS flat within 10% from Small to Large results
)

// Report holds a bench run's figures.
type Report struct {
	Config Config
	// Rounds are the attacks in the order they ran.
	Rounds []Round
	// RateError is the median of |achieved - planned| / planned over the
	// loadgen rounds; WorstRateError the largest.
	RateError, WorstRateError float64
	// VegetaCPU and LoadgenCPU are the medians of CPU per request;
	// CPURatio is LoadgenCPU / VegetaCPU.
	VegetaCPU, LoadgenCPU time.Duration
	CPURatio              float64
	// Small and Large are the folds; MemRatio compares their peak RSS (in a
	// child process each) or heap in use (in process).
	Small, Large FoldStat
	MemRatio     float64
}

// Run runs the bench: the folds first, then, after a short unmeasured
// warm-up of each tool, Rounds pairs of attacks on one server, vegeta and
// loadgen alternately.
func Run(ctx context.Context, c Config) (rep Report, err error) {
	c = c.withDefaults()
	rep.Config = c
	for _, fold := range []struct {
		n   int
		out *FoldStat
	}{{c.Small, &rep.Small}, {c.Large, &rep.Large}} {
		c.Logger.Info("folding synthetic results", "results", fold.n)
		if *fold.out, err = foldIn(ctx, c.Self, fold.n, c.Span, c.Window); err != nil {
			return rep, err
		}
	}
	if c.Self != "" {
		rep.MemRatio = float64(rep.Large.PeakRSS) / float64(rep.Small.PeakRSS)
	} else {
		rep.MemRatio = float64(rep.Large.HeapInuse) / float64(rep.Small.HeapInuse)
	}

	url, stop, err := startServer(ctx, c.Self)
	if err != nil {
		return rep, err
	}
	defer func() { err = errors.Join(err, stop()) }()
	// Warm both tools up (connections, stacks, caches) before measuring.
	warm := min(c.Duration, time.Second)
	c.Logger.Info("warming up", "duration", warm)
	if _, err := rawVegeta(url, c.Rate, warm); err != nil {
		return rep, err
	}
	if _, err := withLoadgen(ctx, url, c.Rate, warm); err != nil {
		return rep, err
	}
	var rateErrs []float64
	var cpu = map[string][]time.Duration{}
	for i := range c.Rounds {
		for _, tool := range []string{"vegeta", "loadgen"} {
			c.Logger.Info("attacking", "round", i+1, "of", c.Rounds, "tool", tool, "rate", c.Rate, "duration", c.Duration)
			var r Round
			if tool == "vegeta" {
				r, err = rawVegeta(url, c.Rate, c.Duration)
			} else {
				r, err = withLoadgen(ctx, url, c.Rate, c.Duration)
				rateErrs = append(rateErrs, math.Abs(r.Rate-float64(c.Rate))/float64(c.Rate))
			}
			if err != nil {
				return rep, err
			}
			if r.Successes != r.Requests {
				return rep, fmt.Errorf("%s round %d: %d of %d requests failed", tool, i+1, r.Requests-r.Successes, r.Requests)
			}
			rep.Rounds = append(rep.Rounds, r)
			cpu[tool] = append(cpu[tool], r.CPUPerRequest())
		}
	}
	rep.RateError, rep.WorstRateError = median(rateErrs), slices.Max(rateErrs)
	rep.VegetaCPU, rep.LoadgenCPU = median(cpu["vegeta"]), median(cpu["loadgen"])
	rep.CPURatio = float64(rep.LoadgenCPU) / float64(rep.VegetaCPU)
	return rep, nil
}

// Pass reports whether every figure meets its target.
func (r Report) Pass() bool {
	return r.RateError <= MaxRateError && r.CPURatio <= MaxCPURatio && r.MemRatio <= MaxRSSRatio
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
