package network

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
)

// iptables runs iptables in a namespace, waiting for the xtables lock.
func iptables(ctx context.Context, env *fault.Env, n netns, args ...string) ([]byte, error) {
	return n.run(ctx, env, append([]string{"iptables", "-w", "5"}, args...)...)
}

// install adds chain with rules to n and jumps to it from n's hooks, having
// armed its removal first.
func install(ctx context.Context, env *fault.Env, undo *fault.Undo, n netns, chain string, rules [][]string) error {
	if err := undo.Push("remove chain "+chain+" from "+n.ref.String(), func(ctx context.Context) error {
		return removeChain(ctx, env, n, chain)
	}); err != nil {
		return err
	}
	if _, err := iptables(ctx, env, n, "-N", chain); err != nil {
		return fmt.Errorf("creating chain %s: %w", chain, err)
	}
	for _, r := range rules {
		if _, err := iptables(ctx, env, n, append([]string{"-A", chain}, r...)...); err != nil {
			return fmt.Errorf("adding a rule to chain %s: %w", chain, err)
		}
	}
	for _, h := range n.hooks() {
		if _, err := iptables(ctx, env, n, "-I", h, "1", "-j", chain); err != nil {
			return fmt.Errorf("jumping from %s to chain %s: %w", h, chain, err)
		}
	}
	return nil
}

// removeChain deletes every jump to chain, then the chain. A chain that
// is already gone is not an error.
func removeChain(ctx context.Context, env *fault.Env, n netns, chain string) error {
	out, err := iptables(ctx, env, n, "-S")
	if err != nil {
		return fmt.Errorf("listing rules: %w", err)
	}
	var errs []error
	exists := false
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "-N" && f[1] == chain {
			exists = true
		}
		if len(f) > 2 && f[0] == "-A" && f[1] != chain && strings.HasSuffix(line, " -j "+chain) {
			if _, err := iptables(ctx, env, n, append([]string{"-D"}, f[1:]...)...); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if exists {
		if _, err := iptables(ctx, env, n, "-F", chain); err != nil {
			errs = append(errs, err)
		}
		if _, err := iptables(ctx, env, n, "-X", chain); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// dropped sums the packet counters of chain's DROP rules.
func dropped(ctx context.Context, env *fault.Env, n netns, chain string) (uint64, error) {
	out, err := iptables(ctx, env, n, "-L", chain, "-n", "-v", "-x")
	if err != nil {
		return 0, err
	}
	var total uint64
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[2] == "DROP" {
			if v, err := strconv.ParseUint(f[0], 10, 64); err == nil {
				total += v
			}
		}
	}
	return total, nil
}

// waitDropped polls the chains' counters until every namespace has dropped
// a packet, recording an effect event for each.
func waitDropped(ctx context.Context, env *fault.Env, source, chain string, spaces []netns, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	seen := map[int]bool{}
	err := kube.Poll(ctx, effectPoll, func(ctx context.Context) (bool, error) {
		for i, n := range spaces {
			if seen[i] {
				continue
			}
			c, err := dropped(ctx, env, n, chain)
			if err != nil {
				return false, err
			}
			if c > 0 {
				seen[i] = true
				env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: source, Objects: []timeline.Ref{n.ref},
					Message: "packets dropped", Attrs: map[string]string{"chain": chain, "packets": strconv.FormatUint(c, 10)}})
			}
		}
		return len(seen) == len(spaces), nil
	})
	if err != nil {
		return fmt.Errorf("%s: no packet dropped in %d of %d namespaces: %w: %w", source, len(spaces)-len(seen), len(spaces), fault.ErrNoEffect, err)
	}
	return nil
}
