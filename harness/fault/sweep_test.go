package fault

import (
	"errors"
	"fmt"
	"testing"

	"github.com/golive/resilience/kind/command"
)

func TestVanished(t *testing.T) {
	t.Parallel()
	failed := func(output string) error {
		return &command.Error{Command: "docker exec w1 nsenter --net=/var/run/netns/cni-1 iptables -w 5 -S",
			Output: output, Err: errors.New("exit status 1")}
	}
	netnsGone := failed("nsenter: cannot open /var/run/netns/cni-1: No such file or directory\n")
	denied := failed("nsenter: cannot open /var/run/netns/cni-1: Permission denied\n")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"netns gone", netnsGone, true},
		{"netns gone, wrapped", fmt.Errorf("netns/w1/cni-1: %w", netnsGone), true},
		{"netns gone, plain text", errors.New("exit status 1: nsenter: cannot open /var/run/netns/cni-1: No such file or directory"), true},
		{"no such container", failed("Error response from daemon: No such container: w1"), true},
		{"container not running", failed("Error response from daemon: container 3f2a9c is not running"), true},
		{"old container not running", failed("Error response from daemon: Container 3f2a9c is not running"), true},
		{"chain gone", failed("iptables: No chain/target/match by that name."), true},
		{"all joined gone", errors.Join(netnsGone, failed("iptables: No chain/target/match by that name.")), true},
		{"permission denied", denied, false},
		{"one joined not gone", errors.Join(netnsGone, denied), false},
		{"binary missing", failed("nsenter: failed to execute iptables: No such file or directory"), false},
		{"container paused", failed("Error response from daemon: Container 3f2a9c is paused, unpause the container before exec"), false},
		{"only the command line says it", &command.Error{Command: "docker exec no-such-container ls",
			Output: "ls: cannot access '/x': Permission denied", Err: errors.New("exit status 2")}, false},
		{"context canceled", fmt.Errorf("netns/w1/cni-1: %w", errors.New("context canceled")), false},
	}
	for _, tt := range tests {
		if got := Vanished(tt.err); got != tt.want {
			t.Errorf("%s: Vanished(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
