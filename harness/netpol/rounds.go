package netpol

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/netpol/dial"
	"github.com/golive/resilience/harness/timeline"
)

// route is one probe pod dialing a set of addresses.
type route struct {
	role string
	from *corev1.Pod
	to   []string
}

// tally counts a route's dials.
type tally struct {
	attempts, connected, blocked, errors int
	outcomes                             map[string]int
	firstOpen, from, to                  time.Time
	lastErr                              error
}

// dialTimeout bounds one dial: a policy that drops packets shows as a
// timeout, one that rejects as refused.
const dialTimeout = 2 * time.Second

// run dials every route's addresses, all at once, for rounds a second
// apart, and returns a tally per route.
func run(ctx context.Context, env *fault.Env, plan []route, rounds int) []tally {
	out := make([]tally, len(plan))
	for i := range out {
		out[i].outcomes = map[string]int{}
	}
	var mu sync.Mutex
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for r := 0; r < rounds && ctx.Err() == nil; r++ {
		var wg sync.WaitGroup
		for i, rt := range plan {
			for _, addr := range rt.to {
				wg.Go(func() {
					at := time.Now()
					res, err := dialFrom(ctx, env.Client, rt.from, addr, dialTimeout)
					mu.Lock()
					defer mu.Unlock()
					out[i].add(at, res, err)
				})
			}
		}
		wg.Wait()
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
	return out
}

func (t *tally) add(at time.Time, r dial.Result, err error) {
	t.attempts++
	if t.from.IsZero() || at.Before(t.from) {
		t.from = at
	}
	if end := at.Add(time.Duration(r.Millis * float64(time.Millisecond))); end.After(t.to) {
		t.to = end
	}
	switch {
	case err != nil:
		t.errors++
		t.lastErr = err
	case r.Open():
		t.connected++
		if t.firstOpen.IsZero() || at.Before(t.firstOpen) {
			t.firstOpen = at
		}
	default:
		t.blocked++
		t.outcomes[r.Outcome]++
	}
}

// event renders the tally for the timeline; policies are those that select
// the dialing side (egress) or the target (ingress).
func (t tally) event(r route, policies []string) timeline.Event {
	attrs := map[string]string{
		AttrRole: r.role, AttrAttempts: strconv.Itoa(t.attempts), AttrConnected: strconv.Itoa(t.connected),
		AttrBlocked: strconv.Itoa(t.blocked), AttrErrors: strconv.Itoa(t.errors), AttrPolicies: strings.Join(policies, ","),
	}
	if !t.firstOpen.IsZero() {
		attrs[AttrFirstOpen] = t.firstOpen.Format(time.RFC3339Nano)
	}
	var how []string
	for _, o := range []string{dial.Refused, dial.TimedOut, dial.Other} {
		if n := t.outcomes[o]; n > 0 {
			how = append(how, fmt.Sprintf("%d %s", n, o))
		}
	}
	msg := fmt.Sprintf("%s probe %s: %d of %d connections to %s got through", r.role, r.from.Name, t.connected, t.attempts, strings.Join(r.to, ", "))
	if len(how) > 0 {
		msg += " (blocked: " + strings.Join(how, ", ") + ")"
	}
	if t.errors > 0 {
		msg += fmt.Sprintf("; %d dial(s) not made: %v", t.errors, t.lastErr)
	}
	return timeline.Event{Time: t.to, Kind: timeline.KindEffect, Source: Source, Attrs: attrs, Message: msg,
		Objects: []timeline.Ref{{Kind: "pod", Namespace: r.from.Namespace, Name: r.from.Name}}}
}
