package kind

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fakeHost answers docker network inspect and keeps DOCKER-USER's rules.
type fakeHost struct {
	network string // docker network inspect's output
	noChain bool
	rules   []string
	calls   []string
}

func (h *fakeHost) run(_ context.Context, name string, args ...string) ([]byte, error) {
	line := name + " " + strings.Join(args, " ")
	h.calls = append(h.calls, line)
	switch {
	case name == "docker":
		return []byte(h.network), nil
	case h.noChain:
		return nil, errors.New("iptables: No chain/target/match by that name")
	case args[0] == "-n":
		return nil, nil
	}
	rule := strings.Join(args[2:], " ")
	switch args[0] {
	case "-C":
		for _, r := range h.rules {
			if r == rule {
				return nil, nil
			}
		}
		return nil, errors.New("iptables: Bad rule (does a matching rule exist in that chain?)")
	case "-I":
		h.rules = append(h.rules, rule)
		return nil, nil
	}
	return nil, errors.New("unexpected " + line)
}

func TestConfine(t *testing.T) {
	t.Parallel()
	h := &fakeHost{network: "4970ca2c7f45e3f1aa <no value>\n"}
	ctx := context.Background()
	for range 2 { // idempotent: the second call finds both rules
		if err := confine(ctx, h.run, "10.244.0.0/16,fd00:10:244::/56", "10.96.0.0/16"); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		`-i br-4970ca2c7f45 ! -o br-4970ca2c7f45 -d 10.244.0.0/16 -m comment --comment golive: pod traffic stays on the kind bridge -j DROP`,
		`-i br-4970ca2c7f45 ! -o br-4970ca2c7f45 -d 10.96.0.0/16 -m comment --comment golive: pod traffic stays on the kind bridge -j DROP`,
	}
	if strings.Join(h.rules, "\n") != strings.Join(want, "\n") {
		t.Errorf("DOCKER-USER rules:\n%s\nwant:\n%s", strings.Join(h.rules, "\n"), strings.Join(want, "\n"))
	}

	named := &fakeHost{network: "4970ca2c7f45e3f1aa kindbr0"}
	if err := confine(ctx, named.run, "10.244.0.0/16"); err != nil || len(named.rules) != 1 || !strings.HasPrefix(named.rules[0], "-i kindbr0 ! -o kindbr0 ") {
		t.Errorf("a network naming its bridge: rules %q, err %v; want one on kindbr0", named.rules, err)
	}

	bare := &fakeHost{network: "4970ca2c7f45", noChain: true}
	if err := confine(ctx, bare.run, "10.244.0.0/16"); !errors.Is(err, ErrNoHostFirewall) {
		t.Errorf("without DOCKER-USER: err %v, want ErrNoHostFirewall", err)
	}
	odd := &fakeHost{network: "abc"}
	if err := confine(ctx, odd.run, "10.244.0.0/16"); err == nil || !strings.Contains(err.Error(), `cannot tell its bridge from "abc"`) {
		t.Errorf("a network ID too short: err %v", err)
	}
}
