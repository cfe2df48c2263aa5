package network

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/golive/resilience/kind/command"
)

// podNetnsCmd is how every command in the pod namespace the fake lists
// (cni-77 on w1) starts.
const podNetnsCmd = "exec w1 nsenter --net=/var/run/netns/cni-77 "

// dockerFailure is a failed docker command as DockerCLI reports it: exit
// status 1 with what the program printed.
func dockerFailure(line, output string) error {
	return &command.Error{Command: "docker " + line, Output: output, Err: errors.New("exit status 1")}
}

// failing makes the rig's engine answer the command lines fail picks with
// its error and every other one as the fake network does.
func failing(r *rig, fail func(line string) error) {
	r.eng.Handler = func(line string) ([]byte, error) {
		if err := fail(line); err != nil {
			return nil, err
		}
		return r.net.handle(line)
	}
}

// TestSweepVanishedNetns reproduces the race of issue 17: the sweep lists a
// pod's network namespace, the pod goes away with it, and nsenter then
// cannot open it. That namespace is clean, not an error; any other failure
// to enter it still is, naming it.
func TestSweepVanishedNetns(t *testing.T) {
	t.Parallel()
	const gone = "nsenter: cannot open /var/run/netns/cni-77: No such file or directory\n"
	tests := []struct {
		name    string
		fail    func(line string) error
		wantErr string // "" for none
	}{
		{name: "netns vanished", fail: func(line string) error {
			if strings.HasPrefix(line, podNetnsCmd) {
				return dockerFailure(line, gone)
			}
			return nil
		}},
		{name: "netns vanished, plain error", fail: func(line string) error {
			if strings.HasPrefix(line, podNetnsCmd) {
				return errors.New("exit status 1: " + gone)
			}
			return nil
		}},
		{name: "node container vanished", fail: func(line string) error {
			if strings.HasPrefix(line, "inspect") || strings.HasPrefix(line, "exec w1 ") {
				return dockerFailure(line, "Error response from daemon: No such container: w1\n")
			}
			return nil
		}},
		{name: "node container stopped", fail: func(line string) error {
			if strings.HasPrefix(line, "exec w1 ") && !strings.Contains(line, " ls ") {
				return dockerFailure(line, "Error response from daemon: container 3f2a9c is not running\n")
			}
			return nil
		}},
		{name: "netns permission denied", wantErr: "netns/w1/cni-77", fail: func(line string) error {
			if strings.HasPrefix(line, podNetnsCmd) {
				return dockerFailure(line, "nsenter: cannot open /var/run/netns/cni-77: Permission denied\n")
			}
			return nil
		}},
		{name: "iptables missing in netns", wantErr: "netns/w1/cni-77", fail: func(line string) error {
			if strings.HasPrefix(line, podNetnsCmd+"iptables") {
				return dockerFailure(line, "nsenter: failed to execute iptables: No such file or directory\n")
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			r.env.Nodes = r.env.Nodes[1:2] // w1
			failing(r, tt.fail)
			for _, dry := range []bool{true, false} {
				_, err := Sweep(context.Background(), r.env, dry)
				switch {
				case tt.wantErr == "" && err != nil:
					t.Errorf("dry=%v: vanished object swept as an error: %v", dry, err)
				case tt.wantErr != "" && err == nil:
					t.Errorf("dry=%v: no error, want one naming %s", dry, tt.wantErr)
				case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
					t.Errorf("dry=%v: error %q does not name %s", dry, err, tt.wantErr)
				}
			}
		})
	}
}

// TestSweepNetnsVanishesWhileUndoing covers the later window of the race:
// the sweep finds our chain in a pod's namespace, and the namespace is
// gone by the time the sweep deletes the chain.
func TestSweepNetnsVanishesWhileUndoing(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.env.Nodes = r.env.Nodes[1:2] // w1
	if _, err := r.net.handle(podNetnsCmd + "iptables -w 5 -N GOLIVE-PART-2"); err != nil {
		t.Fatal(err)
	}
	listed := 0
	failing(r, func(line string) error {
		if !strings.HasPrefix(line, podNetnsCmd+"iptables") {
			return nil
		}
		if listed++; listed > 1 {
			return dockerFailure(line, "nsenter: cannot open /var/run/netns/cni-77: No such file or directory\n")
		}
		return nil
	})
	got, err := Sweep(context.Background(), r.env, false)
	if err != nil {
		t.Fatalf("vanished namespace swept as an error: %v", err)
	}
	if len(got) != 1 || got[0].Object.String() != "netns/w1/cni-77" {
		t.Errorf("found %v, want the chain in netns/w1/cni-77", got)
	}
}
