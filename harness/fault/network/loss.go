package network

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Loss drops each packet with a probability, with iptables' statistic match
// in a chain of ours in the victim's network namespace (loopback traffic is
// spared). Inject returns once packets have been dropped in every namespace
// hit; revert removes the chain.
type Loss struct {
	Scope
	// Probability that a packet is dropped, in (0, 1].
	Probability float64
	// Peers limits the loss to traffic with these addresses; empty means
	// all traffic.
	Peers []netip.Prefix
	// Timeout bounds the wait for the first dropped packet (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Loss{}

// Name is "network-loss".
func (l Loss) Name() string { return "network-loss" }

// Inject installs the loss and waits until packets drop.
func (l Loss) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if !(l.Probability > 0 && l.Probability <= 1) {
		return fmt.Errorf("%s: %w (got %v)", l.Name(), ErrBadProbability, l.Probability)
	}
	spaces, err := l.resolve(ctx, env)
	if err != nil {
		return fmt.Errorf("%s: %w", l.Name(), err)
	}
	chain := fault.Chain("LOSS", env.RunID+"/"+l.Name()+"/"+spaces[0].ref.String())
	p := strconv.FormatFloat(l.Probability, 'f', -1, 64)
	drop := []string{"-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP"}
	rules := [][]string{{"-s", "127.0.0.0/8", "-j", "RETURN"}, {"-d", "127.0.0.0/8", "-j", "RETURN"}}
	if len(l.Peers) == 0 {
		rules = append(rules, drop)
	}
	for _, peer := range l.Peers {
		rules = append(rules, append([]string{"-s", peer.String()}, drop...), append([]string{"-d", peer.String()}, drop...))
	}
	for _, n := range spaces {
		env.Emit(timeline.Event{Kind: timeline.KindInject, Source: l.Name(), Objects: []timeline.Ref{n.ref},
			Message: "dropping packets at random", Attrs: map[string]string{"chain": chain, "probability": p}})
		if err := install(ctx, env, undo, n, chain, rules); err != nil {
			return fmt.Errorf("%s: %w", l.Name(), err)
		}
	}
	return waitDropped(ctx, env, l.Name(), chain, spaces, orDefault(l.Timeout))
}

// String is how a plan prints the fault.
func (l Loss) String() string {
	peers := ""
	if len(l.Peers) > 0 {
		peers = fmt.Sprintf(" to and from %v", l.Peers)
	}
	return fmt.Sprintf("{drop %g%% of the packets of %s%s}", 100*l.Probability, l.Scope, peers)
}
