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

// The tables of the two address families. A kind network carries both
// (Docker gives each node an IPv6 address too, and a kubelet may reach the
// API server over it): a fault on addresses of a family acts in its table.
const (
	tables4 = "iptables"
	tables6 = "ip6tables"
)

// iptables runs iptables in a namespace, waiting for the xtables lock.
func iptables(ctx context.Context, env *fault.Env, n netns, args ...string) ([]byte, error) {
	return xtables(ctx, env, n, tables4, args...)
}

// xtables runs the table tool bin (tables4 or tables6) in a namespace.
func xtables(ctx context.Context, env *fault.Env, n netns, bin string, args ...string) ([]byte, error) {
	return n.run(ctx, env, append([]string{bin, "-w", "5"}, args...)...)
}

// install adds chain with rules to n's IPv4 table and jumps to it from n's
// hooks, having armed its removal first.
func install(ctx context.Context, env *fault.Env, undo *fault.Undo, n netns, chain string, rules [][]string) error {
	return installIn(ctx, env, undo, n, tables4, chain, rules)
}

// installIn is install in the table bin. Another writer of the table (kube-proxy
// resyncing after the API server came back, say) can make a rule's chain
// unknown for a moment: iptables says "No chain/target/match by that name"
// for a chain it has just created. The chain is then removed and built again,
// a few times, before the fault gives up.
func installIn(ctx context.Context, env *fault.Env, undo *fault.Undo, n netns, bin, chain string, rules [][]string) error {
	if err := undo.Push("remove chain "+chain+" ("+bin+") from "+n.ref.String(), func(ctx context.Context) error {
		return removeChainIn(ctx, env, n, bin, chain)
	}); err != nil {
		return err
	}
	var err error
	for attempt := 1; ; attempt++ {
		if err = build(ctx, env, n, bin, chain, rules); err == nil || !raced(err) || attempt == installAttempts {
			return err
		}
		if rerr := removeChainIn(ctx, env, n, bin, chain); rerr != nil {
			return errors.Join(err, rerr)
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
}

// installAttempts bounds the rebuilds of a chain another writer raced.
const installAttempts = 4

// raced tells whether err is iptables not finding a chain it was just given.
func raced(err error) bool {
	return strings.Contains(err.Error(), "No chain/target/match by that name")
}

// build creates chain with rules and jumps to it from n's hooks.
func build(ctx context.Context, env *fault.Env, n netns, bin, chain string, rules [][]string) error {
	if _, err := xtables(ctx, env, n, bin, "-N", chain); err != nil {
		return fmt.Errorf("creating chain %s: %w", chain, err)
	}
	for _, r := range rules {
		if _, err := xtables(ctx, env, n, bin, append([]string{"-A", chain}, r...)...); err != nil {
			return fmt.Errorf("adding a rule to chain %s: %w", chain, err)
		}
	}
	for _, h := range n.hooks() {
		if _, err := xtables(ctx, env, n, bin, "-I", h, "1", "-j", chain); err != nil {
			return fmt.Errorf("jumping from %s to chain %s: %w", h, chain, err)
		}
	}
	return nil
}

// removeChain deletes every jump to chain, then the chain, from n's IPv4
// table. A chain that is already gone is not an error.
func removeChain(ctx context.Context, env *fault.Env, n netns, chain string) error {
	return removeChainIn(ctx, env, n, tables4, chain)
}

// removeChainIn is removeChain in the table bin. The removal is checked:
// iptables-nft can put a chain back, rules and all, when another writer's
// batch (kube-proxy's restore) was built on a cache that still held it — seen
// on a kind node as "CHAIN_DEL failed (Device or resource busy)" with the
// chain's DROP rules listed again after -F. A chain or jump still listed is
// removed again, a few times, before the revert fails naming what is left.
func removeChainIn(ctx context.Context, env *fault.Env, n netns, bin, chain string) error {
	for attempt := 1; ; attempt++ {
		err := removeOnce(ctx, env, n, bin, chain)
		out, lerr := xtables(ctx, env, n, bin, "-S")
		if lerr != nil {
			return errors.Join(err, fmt.Errorf("listing rules after removing chain %s: %w", chain, lerr))
		}
		left := leftIn(string(out), chain)
		if len(left) == 0 {
			return nil
		}
		if attempt == removeAttempts {
			return errors.Join(err, fmt.Errorf("%s in %s still holds %s after %d removals", bin, n.ref, strings.Join(left, "; "), attempt))
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
}

// removeAttempts bounds the removals of a chain another writer put back.
const removeAttempts = 4

// removeOnce deletes every jump to chain, flushes it and deletes it.
func removeOnce(ctx context.Context, env *fault.Env, n netns, bin, chain string) error {
	out, err := xtables(ctx, env, n, bin, "-S")
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
		if jumpsTo(f, line, chain) {
			if _, err := xtables(ctx, env, n, bin, append([]string{"-D"}, f[1:]...)...); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if exists {
		if _, err := xtables(ctx, env, n, bin, "-F", chain); err != nil {
			errs = append(errs, err)
		}
		if _, err := xtables(ctx, env, n, bin, "-X", chain); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// jumpsTo tells whether the -S line (split into f) is a rule of another
// chain jumping to chain.
func jumpsTo(f []string, line, chain string) bool {
	return len(f) > 2 && f[0] == "-A" && f[1] != chain && strings.HasSuffix(line, " -j "+chain)
}

// leftIn lists what an -S listing still holds of chain: the chain itself
// and the jumps to it.
func leftIn(listing, chain string) []string {
	var left []string
	for _, line := range strings.Split(listing, "\n") {
		f := strings.Fields(line)
		if (len(f) == 2 && f[0] == "-N" && f[1] == chain) || jumpsTo(f, line, chain) {
			left = append(left, strings.TrimSpace(line))
		}
	}
	return left
}

// dropped sums the packet counters of chain's DROP rules, in each of the
// tables given (tables4 when none).
func dropped(ctx context.Context, env *fault.Env, n netns, chain string, bins ...string) (uint64, error) {
	if len(bins) == 0 {
		bins = []string{tables4}
	}
	var total uint64
	for _, bin := range bins {
		c, err := droppedIn(ctx, env, n, bin, chain)
		if err != nil {
			return 0, err
		}
		total += c
	}
	return total, nil
}

func droppedIn(ctx context.Context, env *fault.Env, n netns, bin, chain string) (uint64, error) {
	out, err := xtables(ctx, env, n, bin, "-L", chain, "-n", "-v", "-x")
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
func waitDropped(ctx context.Context, env *fault.Env, source, chain string, spaces []netns, timeout time.Duration, bins ...string) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	seen := map[int]bool{}
	err := kube.Poll(ctx, effectPoll, func(ctx context.Context) (bool, error) {
		for i, n := range spaces {
			if seen[i] {
				continue
			}
			c, err := dropped(ctx, env, n, chain, bins...)
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
