package network

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// Latency delays every packet leaving the victim's interface with tc netem
// (Delay, give or take Jitter). It needs the kernel's sch_netem: where the
// kernel lacks it, Inject changes nothing and returns ErrNoNetem, which
// the run reports as SKIP. Revert deletes our root qdisc.
type Latency struct {
	Scope
	// Delay is added to every packet; Jitter varies it.
	Delay, Jitter time.Duration
	// Device is the interface; empty means eth0.
	Device string
}

var _ fault.Fault = Latency{}

// Name is "network-latency".
func (l Latency) Name() string { return "network-latency" }

// Inject adds the netem qdisc and checks that it is in place.
func (l Latency) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	dev := l.Device
	if dev == "" {
		dev = "eth0"
	}
	spaces, err := l.resolve(ctx, env)
	if err != nil {
		return fmt.Errorf("%s: %w", l.Name(), err)
	}
	args := []string{"tc", "qdisc", "add", "dev", dev, "root", "handle", fault.QdiscHandle, "netem", "delay", ms(l.Delay)}
	if l.Jitter > 0 {
		args = append(args, ms(l.Jitter))
	}
	for _, n := range spaces {
		if err := undo.Push("delete netem qdisc on "+n.ref.String(), func(ctx context.Context) error {
			return deleteQdisc(ctx, env, n, dev)
		}); err != nil {
			return err
		}
		env.Emit(timeline.Event{Kind: timeline.KindInject, Source: l.Name(), Objects: []timeline.Ref{n.ref},
			Message: "adding netem delay", Attrs: map[string]string{"delay": l.Delay.String(), "jitter": l.Jitter.String()}})
		if _, err := n.run(ctx, env, args...); err != nil {
			if lacksNetem(err) {
				return fmt.Errorf("%s: %w", l.Name(), ErrNoNetem)
			}
			return fmt.Errorf("%s: %w", l.Name(), err)
		}
		out, err := n.run(ctx, env, "tc", "qdisc", "show", "dev", dev)
		if err != nil || !strings.Contains(string(out), "netem "+fault.QdiscHandle) {
			return fmt.Errorf("%s: %s: netem qdisc not in place (%q): %w", l.Name(), n.ref, out, fault.ErrNoEffect)
		}
		env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: l.Name(), Objects: []timeline.Ref{n.ref}, Message: "netem qdisc in place"})
	}
	return nil
}

// lacksNetem reports whether tc failed because the kernel has no netem.
func lacksNetem(err error) bool {
	s := err.Error()
	return strings.Contains(s, "qdisc kind is unknown") || strings.Contains(s, "Unknown qdisc") ||
		strings.Contains(s, "Specified qdisc not found")
}

// deleteQdisc removes our root qdisc, if it is there.
func deleteQdisc(ctx context.Context, env *fault.Env, n netns, dev string) error {
	out, err := n.run(ctx, env, "tc", "qdisc", "show", "dev", dev)
	if err != nil {
		return err
	}
	if !strings.Contains(string(out), " "+fault.QdiscHandle+" ") {
		return nil
	}
	_, err = n.run(ctx, env, "tc", "qdisc", "del", "dev", dev, "root", "handle", fault.QdiscHandle)
	return err
}

func ms(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// String is how a plan prints the fault.
func (l Latency) String() string {
	return fmt.Sprintf("{delay the packets of %s by %s ± %s (netem)}", l.Scope, l.Delay, l.Jitter)
}
