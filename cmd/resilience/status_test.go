package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
)

func TestStatusLine(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := runner.Progress{Scenario: "pod-termination", Index: 1, Total: 6, Phase: runner.PhaseFault,
		Started: now.Add(-62 * time.Second), Ends: now.Add(28 * time.Second), RPS: 40, P99: 512300 * time.Microsecond,
		Requests: 800, Failures: 3, Faults: []string{"pod-delete"}}
	want := "[1/6] pod-termination  fault    1:02 (~0:28 left)  40 rps  3 errors (0.38%)  p99 512ms  faults: pod-delete"
	if got := statusLine(p, now); got != want {
		t.Errorf("statusLine =\n%q, want\n%q", got, want)
	}
	deploying := runner.Progress{Scenario: "node-drain", Index: 3, Total: 6, Phase: runner.PhaseDeploy, Started: now.Add(-5 * time.Second)}
	if got := statusLine(deploying, now); got != "[3/6] node-drain  deploy   0:05" {
		t.Errorf("deploying: %q", got)
	}
	done := runner.Progress{Scenario: "node-drain", Index: 3, Total: 6, Phase: runner.PhaseDone, Started: now.Add(-90 * time.Second),
		Status: reports.StatusError, Reason: "target not steady"}
	if got := doneLine(done, now); got != "[3/6] node-drain  ERROR  1:30  target not steady" {
		t.Errorf("done: %q", got)
	}
}

func TestStatusPlainLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s := newStatus(&buf, false)
	s.now = func() time.Time { return now }
	p := runner.Progress{Scenario: "x", Index: 1, Total: 1, Phase: runner.PhaseSteady, Started: now}
	s.update(p) // printed: first
	now = now.Add(time.Second)
	p.Requests, p.RPS = 40, 40
	s.update(p) // same phase within 10 s: quiet
	p.Phase = runner.PhaseBaseline
	s.update(p) // new phase: printed
	now = now.Add(11 * time.Second)
	s.update(p) // 10 s later: printed
	p.Phase, p.Status = runner.PhaseDone, reports.StatusPass
	s.update(p) // the end: printed
	s.close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "steady") || !strings.Contains(lines[1], "baseline") ||
		!strings.HasPrefix(lines[2], "12:00:12 ") || !strings.Contains(lines[3], "PASS") {
		t.Errorf("plain lines:\n%s", buf.String())
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("plain output redraws lines")
	}
}

func TestStatusTerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	s := newStatus(&buf, true)
	s.update(runner.Progress{Scenario: "x", Index: 1, Total: 1, Phase: runner.PhaseSteady, Started: time.Now()})
	if _, err := s.Write([]byte("msg=\"loading images\"\n")); err != nil {
		t.Fatal(err)
	}
	s.close()
	s.close()
	out := buf.String()
	if !strings.HasPrefix(out, "\r\033[K[1/1] x  steady") || !strings.Contains(out, "\r\033[Kmsg=\"loading images\"\n\r\033[K[1/1] x") ||
		!strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("terminal output %q", out)
	}
	if isTerminal(&buf) {
		t.Error("a buffer is a terminal")
	}
}
