package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/scenarios/runner"
)

// Plain-line pacing and the width of the redrawn line.
const (
	plainEvery = 10 * time.Second
	ttyWidth   = 110
)

// status shows a run's progress: one line redrawn in place on a terminal,
// plain lines (on every change of phase or faults, else every 10 s)
// otherwise. Log lines written through it go above the status line.
type status struct {
	w   io.Writer
	tty bool
	now func() time.Time

	mu        sync.Mutex
	p         runner.Progress
	have      bool
	drawn     bool
	lastPlain time.Time
	lastKey   string
	stop      chan struct{}
	done      sync.WaitGroup
	closed    sync.Once
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newStatus(w io.Writer, tty bool) *status {
	s := &status{w: w, tty: tty, now: time.Now, stop: make(chan struct{})}
	if tty {
		s.done.Add(1)
		go s.tick()
	}
	return s
}

// tick redraws the line every second so that the clock moves.
func (s *status) tick() {
	defer s.done.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			s.draw()
			s.mu.Unlock()
		}
	}
}

// close stops the redraw and leaves the cursor at the start of a clear
// line; later calls do nothing.
func (s *status) close() {
	s.closed.Do(func() {
		close(s.stop)
		s.done.Wait()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.clear()
		s.have = false
	})
}

// update takes a new snapshot.
func (s *status) update(p runner.Progress) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.p, s.have = p, true
	if p.Phase == runner.PhaseDone {
		s.clear()
		fmt.Fprintln(s.w, doneLine(p, s.now()))
		s.have = false
		return
	}
	if s.tty {
		s.draw()
		return
	}
	key := fmt.Sprint(p.Index, p.Phase, p.Faults)
	if key != s.lastKey || s.now().Sub(s.lastPlain) >= plainEvery {
		s.lastKey, s.lastPlain = key, s.now()
		fmt.Fprintf(s.w, "%s %s\n", s.now().Format(time.TimeOnly), statusLine(p, s.now()))
	}
}

// Write prints log lines above the status line.
func (s *status) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	n, err := s.w.Write(b)
	s.draw()
	return n, err
}

func (s *status) draw() {
	if !s.tty || !s.have {
		return
	}
	line := statusLine(s.p, s.now())
	if r := []rune(line); len(r) > ttyWidth {
		line = string(r[:ttyWidth-1]) + "…"
	}
	fmt.Fprint(s.w, "\r\033[K"+line)
	s.drawn = true
}

func (s *status) clear() {
	if s.drawn {
		fmt.Fprint(s.w, "\r\033[K")
		s.drawn = false
	}
}

// statusLine renders a snapshot: scenario, phase, elapsed / remaining,
// rate, errors, p99 and active faults.
func statusLine(p runner.Progress, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%d/%d] %s  %-8s %s", p.Index, p.Total, p.Scenario, p.Phase, clock(p.Elapsed(now)))
	if left, ok := p.Remaining(now); ok {
		fmt.Fprintf(&b, " (~%s left)", clock(left))
	}
	if p.Requests > 0 {
		fmt.Fprintf(&b, "  %.0f rps  %d errors (%.2f%%)  p99 %s", p.RPS, p.Failures,
			100*float64(p.Failures)/float64(p.Requests), p.P99.Round(time.Millisecond))
	}
	if len(p.Faults) > 0 {
		fmt.Fprintf(&b, "  faults: %s", strings.Join(p.Faults, ", "))
	}
	return b.String()
}

func doneLine(p runner.Progress, now time.Time) string {
	line := fmt.Sprintf("[%d/%d] %s  %s  %s", p.Index, p.Total, p.Scenario, p.Status, clock(p.Elapsed(now)))
	if p.Reason != "" {
		line += "  " + p.Reason
	}
	return line
}

// clock renders a duration as m:ss.
func clock(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}
