package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/golive/resilience/loadgen"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// FoldStat is the memory used to fold Results synthetic results.
type FoldStat struct {
	Results int `json:"results"`
	Windows int `json:"windows"`
	// PeakRSS is the process's peak resident set size, in bytes.
	PeakRSS int64 `json:"peak_rss"`
	// HeapInuse is the heap in use after a collection, windows still held.
	HeapInuse uint64        `json:"heap_inuse"`
	Elapsed   time.Duration `json:"elapsed"`
}

// Fold folds n synthetic results spread evenly over span into windows of
// width, as Run would (each one freshly allocated, windows closed as time
// passes), and reports the memory it took.
func Fold(n int, span, width time.Duration) (FoldStat, error) {
	began := time.Now()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := loadgen.NewFolder(start, width, nil)
	rnd := uint64(88172645463325252)
	for i := range n {
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		r := &vegeta.Result{
			Seq:       uint64(i),
			Timestamp: start.Add(time.Duration(int64(i) * int64(span) / int64(n))),
			Code:      200,
			Latency:   time.Millisecond + time.Duration(rnd%uint64(100*time.Millisecond)),
			BytesIn:   2,
		}
		if i%1000 == 999 {
			r.Code, r.Error = 503, "503 Service Unavailable"
		}
		f.Add(r)
		f.CloseBefore(r.Timestamp)
	}
	ws := f.Close(start.Add(span))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return FoldStat{}, fmt.Errorf("getrusage: %w", err)
	}
	st := FoldStat{Results: n, Windows: len(ws), PeakRSS: ru.Maxrss * 1024, HeapInuse: ms.HeapInuse, Elapsed: time.Since(began)}
	runtime.KeepAlive(ws)
	return st, nil
}

// FoldChild runs Fold and writes its FoldStat as JSON to out.
func FoldChild(n int, span, width time.Duration, out io.Writer) error {
	st, err := Fold(n, span, width)
	if err != nil {
		return err
	}
	return json.NewEncoder(out).Encode(st)
}

// foldIn runs Fold in a fresh child process of self, or here if self is
// empty.
func foldIn(ctx context.Context, self string, n int, span, width time.Duration) (FoldStat, error) {
	if self == "" {
		return Fold(n, span, width)
	}
	cmd := exec.CommandContext(ctx, self, "-"+FoldFlag+"="+strconv.Itoa(n),
		"-"+SpanFlag+"="+span.String(), "-"+WindowFlag+"="+width.String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return FoldStat{}, fmt.Errorf("folding %d results in %s: %w: %s", n, self, err, stderr.Bytes())
	}
	var st FoldStat
	if err := json.Unmarshal(stdout.Bytes(), &st); err != nil {
		return FoldStat{}, fmt.Errorf("reading fold of %d results: %w", n, err)
	}
	return st, nil
}
