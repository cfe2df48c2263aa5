package network

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/node"
	"github.com/golive/resilience/harness/timeline"
)

// Partition cuts a node or pods off from a set of peers: every packet to or
// from a peer address is dropped by a chain of ours in the victim's network
// namespace. Inject returns once packets have been dropped in every
// namespace hit; revert removes the chain and, for a node, waits until the
// node is Ready again with the chain still gone.
type Partition struct {
	Scope
	// Peers are the addresses cut off.
	Peers []netip.Prefix
	// PeerNodes adds the addresses of every other node of the cluster.
	PeerNodes bool
	// Timeout bounds the wait for the first dropped packet (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Partition{}

// Name is "network-partition".
func (p Partition) Name() string { return "network-partition" }

// Inject installs the partition and waits until packets drop.
func (p Partition) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	spaces, err := p.resolve(ctx, env)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Name(), err)
	}
	chain := fault.Chain("PART", env.RunID+"/"+p.Name()+"/"+spaces[0].ref.String())
	if !p.Pods {
		if err := p.armHeal(env, undo, spaces[0], chain); err != nil {
			return err
		}
	}
	bins := map[string]bool{}
	for _, n := range spaces {
		peers := append([]netip.Prefix(nil), p.Peers...)
		if p.PeerNodes {
			for _, node := range env.Nodes {
				if node.Name == n.node {
					continue
				}
				for _, ip := range []string{node.IP, node.IPv6} {
					if a, err := netip.ParseAddr(ip); err == nil {
						peers = append(peers, netip.PrefixFrom(a, a.BitLen()))
					}
				}
			}
		}
		if len(peers) == 0 {
			return fmt.Errorf("%s: %s: %w", p.Name(), n.ref, ErrNoPeers)
		}
		rules := map[string][][]string{}
		for _, peer := range peers {
			bin := tables4
			if peer.Addr().Is6() {
				bin = tables6
			}
			rules[bin] = append(rules[bin], []string{"-s", peer.String(), "-j", "DROP"}, []string{"-d", peer.String(), "-j", "DROP"})
		}
		env.Emit(timeline.Event{Kind: timeline.KindInject, Source: p.Name(), Objects: []timeline.Ref{n.ref},
			Message: fmt.Sprintf("dropping traffic with %d peers", len(peers)), Attrs: map[string]string{"chain": chain, "peers": fmt.Sprint(peers)}})
		for _, bin := range []string{tables4, tables6} {
			if len(rules[bin]) == 0 {
				continue
			}
			bins[bin] = true
			if err := installIn(ctx, env, undo, n, bin, chain, rules[bin]); err != nil {
				return fmt.Errorf("%s: %w", p.Name(), err)
			}
		}
	}
	var used []string
	for _, bin := range []string{tables4, tables6} {
		if bins[bin] {
			used = append(used, bin)
		}
	}
	return waitDropped(ctx, env, p.Name(), chain, spaces, orDefault(p.Timeout), used...)
}

// armHeal arms the last step of a node partition's revert, run once its
// chains are removed: the node is healed when it is Ready again, and its
// chains must still be gone then — iptables-nft can put back a chain that
// another writer's batch still held (see removeChainIn), which would cut
// the node off again after a revert that looked clean.
func (p Partition) armHeal(env *fault.Env, undo *fault.Undo, n netns, chain string) error {
	return undo.Push("wait until node "+n.node+" is Ready, its chains still gone", func(ctx context.Context) error {
		if err := node.WaitReady(ctx, env, p.Name(), n.node, true, timeline.KindNote); err != nil {
			return err
		}
		return errors.Join(removeChainIn(ctx, env, n, tables4, chain), removeChainIn(ctx, env, n, tables6, chain))
	})
}

// String is how a plan prints the fault.
func (p Partition) String() string {
	var from []string
	if len(p.Peers) > 0 {
		from = append(from, fmt.Sprint(p.Peers))
	}
	if p.PeerNodes {
		from = append(from, "the other nodes")
	}
	return fmt.Sprintf("{cut %s off from %s}", p.Scope, strings.Join(from, " and "))
}
