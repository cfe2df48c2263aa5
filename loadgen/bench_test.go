package loadgen

import (
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// BenchmarkFold measures folding one result into its window, the per-request
// cost Run adds to a vegeta attack.
func BenchmarkFold(b *testing.B) {
	f := NewFolder(t0, time.Second, nil)
	r := vegeta.Result{Code: 200, BytesIn: 100}
	var i int64
	for b.Loop() {
		r.Timestamp = t0.Add(time.Duration(i) * time.Millisecond) // 1000 per window
		r.Latency = time.Duration(i%1000) * time.Microsecond
		f.Add(&r)
		f.CloseBefore(r.Timestamp)
		i++
	}
}

// BenchmarkFoldLoop measures Run's fold loop: channel receive, classify,
// fold, watermark and window closing.
func BenchmarkFoldLoop(b *testing.B) {
	results := make(chan *vegeta.Result, 1024)
	p := &runPacer{ready: make(chan struct{}, 1)}
	l := &fold{f: NewFolder(t0, time.Second, nil), pacer: p}
	done := make(chan struct{})
	go func() { l.run(results); close(done) }()
	r := make([]vegeta.Result, 1024)
	var i uint64
	for b.Loop() {
		x := &r[i%1024]
		*x = vegeta.Result{Seq: i, Code: 200, Timestamp: t0.Add(time.Duration(i) * time.Millisecond), Latency: time.Millisecond}
		results <- x
		i++
	}
	close(results)
	<-done
}

func BenchmarkClassify(b *testing.B) {
	r := vegeta.Result{Error: `Get "http://127.0.0.1:4": read tcp 127.0.0.1:5->127.0.0.1:4: read: connection reset by peer`}
	for b.Loop() {
		Classify(&r)
	}
}

// BenchmarkSummarize measures summarizing an hour of one-second windows.
func BenchmarkSummarize(b *testing.B) {
	f := NewFolder(t0, time.Second, nil)
	for i := range 3600 * 100 {
		f.Add(ok(i*10, time.Duration(i%1000)*time.Microsecond))
	}
	ws := f.Close(at(3600 * 1000))
	for b.Loop() {
		Summarize(ws, time.Time{}, time.Time{})
	}
}
