package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/attack"
	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/scenarios/spec"
)

// BenchRow is one step of BenchLoad: a load source at a rate.
type BenchRow struct {
	From     string // spec.LoadLocal or spec.LoadCluster
	Rate     int    // requests per second asked for
	Achieved float64
	// Errors is the share of judged requests that failed.
	Errors float64
	P99    time.Duration
	// CPU is the load source's CPU time per request sent: this process's
	// for local load, the attacker containers' (the kubelet's figures)
	// from the cluster.
	CPU time.Duration
	// Err says why the step could not be measured (every attacker lost).
	Err error
}

// Holds says whether the step kept its rate: at most 1 % of requests
// failed and at least 99 % of the rate was sent.
func (r BenchRow) Holds() bool {
	return r.Err == nil && r.Errors <= 0.01 && r.Achieved >= 0.99*float64(r.Rate)
}

// BenchLoad deploys the plan's first target with its attackers and sends
// the target's first path at each rate for d, from this machine through
// the NodePort, then from the attackers through the Service; each source
// stops at the first rate it cannot hold. It writes a table to out.
func BenchLoad(ctx context.Context, c Cluster, p *Plan, rates []int, d time.Duration, out io.Writer, opts ...Option) ([]BenchRow, error) {
	cfg := newConfig(opts)
	if p.AttackerImage == "" {
		return nil, errors.New("bench: the plan sends no load from the cluster (spec load.from: cluster)")
	}
	if p.Spec.Target.NodePort == 0 {
		return nil, fmt.Errorf("bench: it compares load from this machine with the cluster's, and target %s has no nodePort", p.Spec.Target.Namespace)
	}
	cs, err := c.Clientset()
	if err != nil {
		return nil, err
	}
	if err := harness.Guard(ctx, cs, c.Context(), cfg.allowed); err != nil {
		return nil, err
	}
	q := p.All()[0]
	if err := prepare(ctx, c, []*Plan{q}, cfg); err != nil {
		return nil, err
	}
	created, err := deployAll(ctx, c, cs, []*Plan{q}, cfg)
	for _, made := range created {
		defer func() {
			if err := undeploy(c, made.Spec.Target.Namespace); err != nil {
				cfg.log.Warn("deleting the bench's namespace", "error", err)
			}
		}()
	}
	if err != nil {
		return nil, err
	}
	t := q.Spec.Target
	base := loadgen.Plan{Targets: []loadgen.Target{{URL: fmt.Sprintf("http://127.0.0.1:%d%s", t.NodePort, t.Paths[0].Path)}},
		Timeout: 10 * time.Second, Workers: 32, DisableKeepAlive: true}
	var rows []BenchRow
	for _, from := range []string{spec.LoadLocal, spec.LoadCluster} {
		load, cpu := harness.Loadgen(), selfCPU
		if from == spec.LoadCluster {
			load = loadFunc(c, cs, []*Plan{q}, cfg)
			cpu = func(ctx context.Context, after time.Time) (time.Duration, error) {
				return attackersCPU(ctx, cs, t.Namespace, after)
			}
		}
		for _, rate := range rates {
			plan := base
			plan.Pacing = loadgen.Constant{Rate: loadgen.PerSecond(rate)}
			row, err := benchStep(ctx, load, cpu, plan, d)
			if ctx.Err() != nil {
				return rows, ctx.Err()
			}
			row.From, row.Rate, row.Err = from, rate, err
			cfg.log.Info("bench step", "from", from, "rate", rate, "achieved", row.Achieved, "errors", row.Errors, "cpu_per_request", row.CPU)
			rows = append(rows, row)
			if !row.Holds() {
				break
			}
		}
	}
	return rows, writeBench(out, rows)
}

// benchStep sends plan for d and measures it.
func benchStep(ctx context.Context, load harness.LoadFunc, cpu cpuFunc, plan loadgen.Plan, d time.Duration) (BenchRow, error) {
	before, err := cpu(ctx, time.Time{})
	if err != nil {
		return BenchRow{}, err
	}
	var windows []loadgen.Window
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var first time.Time
	err = load(lctx, plan, func(w loadgen.Window) {
		windows = append(windows, w)
		if first.IsZero() {
			first = w.Start
		}
		if w.End.Sub(first) >= d {
			cancel()
		}
	})
	if err != nil {
		return BenchRow{}, err
	}
	after, err := cpu(ctx, time.Now())
	if err != nil {
		return BenchRow{}, err
	}
	// The last window, cut short by the stop, says nothing of the rate.
	if len(windows) > 1 {
		windows = windows[:len(windows)-1]
	}
	if len(windows) == 0 {
		return BenchRow{}, errors.New("no window closed")
	}
	s := loadgen.Summarize(windows, windows[0].Start, windows[len(windows)-1].End)
	row := BenchRow{Achieved: s.Rate, P99: s.Latency.P99}
	if s.Judged > 0 {
		row.Errors = 1 - float64(s.Successes)/float64(s.Judged)
	}
	if s.Requests > 0 {
		row.CPU = (after - before) / time.Duration(s.Requests)
	}
	return row, nil
}

// cpuFunc reads a load source's CPU time as of a moment after after (the
// zero time: any recent figure; the source is idle between steps).
type cpuFunc func(ctx context.Context, after time.Time) (time.Duration, error)

// selfCPU is this process's CPU time, user and system.
func selfCPU(context.Context, time.Time) (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("reading this process's CPU time: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// attackersCPU sums the CPU time of the attacker containers in ns, as each
// node's kubelet reports it (its stats summary, through the API server),
// waiting until every container's figure was sampled after after: the
// kubelet samples every few seconds.
func attackersCPU(ctx context.Context, cs kubernetes.Interface, ns string, after time.Time) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		total, oldest, err := attackersCPUOnce(ctx, cs, ns)
		if err != nil || !oldest.Before(after) {
			return total, err
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("the attackers' CPU figures in %s are older than %s: %w", ns, after.Format(time.TimeOnly), ctx.Err())
		case <-time.After(time.Second):
		}
	}
}

// attackersCPUOnce is one reading of attackersCPU, with the time of its
// oldest sample.
func attackersCPUOnce(ctx context.Context, cs kubernetes.Interface, ns string) (time.Duration, time.Time, error) {
	var oldest time.Time
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: attack.LabelAttacker + "=" + attack.JobName})
	if err != nil {
		return 0, oldest, fmt.Errorf("listing the attackers in %s: %w", ns, err)
	}
	var nodes, names []string
	for _, p := range pods.Items {
		names = append(names, p.Name)
		if p.Spec.NodeName != "" && !slices.Contains(nodes, p.Spec.NodeName) {
			nodes = append(nodes, p.Spec.NodeName)
		}
	}
	var total time.Duration
	for _, n := range nodes {
		raw, err := cs.CoreV1().RESTClient().Get().AbsPath("/api/v1/nodes", n, "proxy", "stats", "summary").DoRaw(ctx)
		if err != nil {
			return 0, oldest, fmt.Errorf("node %s: the kubelet's stats summary: %w", n, err)
		}
		var sum struct {
			Pods []struct {
				PodRef struct {
					Name, Namespace string
				} `json:"podRef"`
				Containers []struct {
					CPU struct {
						Time                 time.Time `json:"time"`
						UsageCoreNanoSeconds uint64    `json:"usageCoreNanoSeconds"`
					} `json:"cpu"`
				} `json:"containers"`
			} `json:"pods"`
		}
		if err := json.Unmarshal(raw, &sum); err != nil {
			return 0, oldest, fmt.Errorf("node %s: reading the kubelet's stats summary: %w", n, err)
		}
		for _, p := range sum.Pods {
			if p.PodRef.Namespace != ns || !slices.Contains(names, p.PodRef.Name) {
				continue
			}
			for _, c := range p.Containers {
				total += time.Duration(c.CPU.UsageCoreNanoSeconds)
				if oldest.IsZero() || c.CPU.Time.Before(oldest) {
					oldest = c.CPU.Time
				}
			}
		}
	}
	return total, oldest, nil
}

// writeBench prints the rows and, for each source, the highest rate held.
func writeBench(out io.Writer, rows []BenchRow) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "from\trate/s\tachieved/s\trate error\terrors\tp99\tCPU/request\t")
	best := map[string]int{}
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(tw, "%s\t%d\t-\t-\t-\t-\t-\t\n", r.From, r.Rate)
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%+.2f%%\t%.2f%%\t%s\t%s\t\n", r.From, r.Rate, r.Achieved,
			100*(r.Achieved-float64(r.Rate))/float64(r.Rate), 100*r.Errors, r.P99.Round(100*time.Microsecond), r.CPU.Round(time.Microsecond))
		if r.Holds() {
			best[r.From] = max(best[r.From], r.Rate)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, from := range []string{spec.LoadLocal, spec.LoadCluster} {
		var last BenchRow
		for _, r := range rows {
			if r.From == from {
				last = r
			}
		}
		if last.Holds() {
			fmt.Fprintf(out, "%s: held every rate asked, up to %d/s (≤ 1 %% errors, ≥ 99 %% of the rate); ask for more with -bench-rates\n", from, best[from])
			continue
		}
		why := ""
		if last.Err != nil {
			why = ": " + strings.SplitN(last.Err.Error(), "\n", 2)[0]
		}
		fmt.Fprintf(out, "%s: holds %d/s at most (≤ 1 %% errors, ≥ 99 %% of the rate); %d/s did not hold%s\n", from, best[from], last.Rate, why)
	}
	return nil
}
