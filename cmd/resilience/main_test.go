package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/runner"
)

// runCLI runs the command line in-process and returns its exit code and
// output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: resilience <command>"},
		{[]string{"fly"}, `unknown command "fly"`},
		{[]string{"run", "-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"run", "now"}, `run takes flags only, not "now"`},
		{[]string{"run", "-cluster", "a", "-context", "kind-a"}, "choose one way"},
		{[]string{"run", "-cluster", "Bad_Name"}, `-cluster "Bad_Name"`},
		{[]string{"run", "-allow-context", "kind-a"}, "-allow-context goes with -context"},
		{[]string{"run", "-context", "kind-a", "-allow-context", "kind-b"}, `-allow-context "kind-b" does not name the -context "kind-a"`},
		{[]string{"run", "-context", "kind-a", "-delete-cluster"}, "-delete-cluster deletes only a cluster the run made"},
		{[]string{"run", "-scenarios", "pod-termination,chaos"}, `unknown scenario "chaos"`},
		{[]string{"run", "-scale", "0"}, "-scale 0: want a number more than 0"},
		{[]string{"run", "-items", "uptime"}, `-items "uptime": unknown checklist item`},
		{[]string{"run", "-dry-run", "-scenarios", "node-drain", "-items", "HPA"}, "judges none of the items"},
		{[]string{"run", "-dry-run", "-spec", "testdata/bad.yaml"}, "line 3: target.replicaz: unknown field"},
		{[]string{"run", "-dry-run", "-spec", "testdata/none.yaml"}, "no such file"},
		{[]string{"report", "-out", "x"}, "report needs -in result.json"},
		{[]string{"report", "-in", "a.json"}, "report needs -out DIR"},
		{[]string{"report", "-in", "testdata/none.json", "-out", "x"}, "no such file"},
		{[]string{"list", "all"}, `list takes no arguments, not "all"`},
		{[]string{"cleanup", "now"}, `cleanup takes flags only, not "now"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
		})
	}
}

func TestOneErrorLine(t *testing.T) {
	t.Parallel()
	_, _, stderr := runCLI(t, "run", "-dry-run", "-spec", "testdata/bad.yaml")
	if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 {
		t.Errorf("a bad spec gives %d lines, want 1:\n%s", lines, stderr)
	}
}

// TestHelp: -h, --help and help, at the top and per command, exit 0 with
// the usage on stdout and touch nothing (no engine, no cluster).
func TestHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "usage: resilience <command> [flags]"},
		{[]string{"--help"}, "usage: resilience <command> [flags]"},
		{[]string{"help"}, "usage: resilience <command> [flags]"},
		{[]string{"run", "-h"}, "usage: resilience run [flags]\nrun the go-live suite"},
		{[]string{"run", "--help"}, "  -spec string"},
		{[]string{"help", "run"}, "  -dry-run"},
		{[]string{"report", "-h"}, "  -in value"},
		{[]string{"list", "-h"}, "  -o format"},
		{[]string{"cleanup", "-h"}, "  -keep-clusters"},
		{[]string{"setup", "-h"}, "  -q\tprint nothing"},
		{[]string{"image", "-h"}, "usage: resilience image build [flags]"},
		{[]string{"image", "build", "-h"}, "  -no-pull"},
		{[]string{"cluster", "-h"}, "usage: resilience cluster up|down|bench [flags]"},
		{[]string{"cluster", "up", "-h"}, "  -workers int"},
		{[]string{"version", "-h"}, "usage: resilience version [flags]"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != exitOK || stderr != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			if !strings.Contains(stdout, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, stdout)
			}
		})
	}
	// Without a command the usage is an error.
	if code, stdout, stderr := runCLI(t); code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "usage: resilience") {
		t.Errorf("no command: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{"success", live, nil, exitOK},
		{"an item failed", live, errFailed, exitFail},
		{"an item failed, wrapped", live, fmt.Errorf("run: %w", errFailed), exitFail},
		{"incomplete run", live, errIncomplete, exitUsage},
		{"usage", live, fmt.Errorf("%w: -x", errUsage), exitUsage},
		{"infrastructure", live, errors.New("docker: not found"), exitUsage},
		{"interrupted", live, fmt.Errorf("%w: %w", runner.ErrInterrupted, context.Canceled), exitInterrupted},
		{"error after a signal", cancelled, errors.New("creating cluster: context canceled"), exitInterrupted},
		{"a failure reported after a signal", cancelled, errFailed, exitFail},
	} {
		if got := exitCode(tc.ctx, tc.err); got != tc.want {
			t.Errorf("%s: exitCode = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	scenario := func(st ...reports.Status) reports.Scenario {
		s := reports.Scenario{Name: "s"}
		for i, x := range st {
			s.Verdicts = append(s.Verdicts, reports.Verdict{Item: fmt.Sprint(i), Status: x})
		}
		return s
	}
	infra := errors.New("loading images: no space left")
	for _, tc := range []struct {
		name string
		res  reports.Result
		err  error
		want error
	}{
		{"all pass", reports.Result{Scenarios: []reports.Scenario{scenario(reports.StatusPass, reports.StatusSkip)}}, nil, nil},
		{"a fail", reports.Result{Scenarios: []reports.Scenario{scenario(reports.StatusPass, reports.StatusFail)}}, nil, errFailed},
		{"fail beats error", reports.Result{Scenarios: []reports.Scenario{scenario(reports.StatusError, reports.StatusFail)}}, nil, errFailed},
		{"an error", reports.Result{Scenarios: []reports.Scenario{scenario(reports.StatusError)}}, nil, errIncomplete},
		{"nothing ran", reports.Result{}, nil, errIncomplete},
		{"the run stopped", reports.Result{Scenarios: []reports.Scenario{scenario(reports.StatusPass)}}, infra, infra},
	} {
		if got := outcome(&tc.res, tc.err); !errors.Is(got, tc.want) || (tc.want == nil) != (got == nil) {
			t.Errorf("%s: outcome = %v, want %v", tc.name, got, tc.want)
		}
	}
}
