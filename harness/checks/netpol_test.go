package checks

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/harness/timeline"
	"github.com/golive/resilience/loadgen"
)

// probed records what netpol.Probe would: the self-test's outcome, then
// per role "connected of attempts" (blocked the rest).
func probed(enforced bool, policies string, roles map[string][2]int) func(*timeline.Timeline, func(int) time.Time) {
	return func(tl *timeline.Timeline, at func(int) time.Time) {
		at(12)
		if !enforced {
			tl.Record(timeline.Event{Kind: timeline.KindSkip, Source: netpol.Source, Message: "cluster does not enforce NetworkPolicy: a default-deny policy did not block a probe pod within 10s",
				Attrs: map[string]string{netpol.AttrEnforced: "false"}})
			return
		}
		tl.Record(timeline.Event{Kind: timeline.KindEffect, Source: netpol.Source, Message: "enforced", Attrs: map[string]string{netpol.AttrEnforced: "true"}})
		at(15)
		for role, n := range roles {
			attrs := map[string]string{netpol.AttrRole: role, netpol.AttrConnected: strconv.Itoa(n[0]), netpol.AttrAttempts: strconv.Itoa(n[1]),
				netpol.AttrBlocked: strconv.Itoa(n[1] - n[0]), netpol.AttrErrors: "0", netpol.AttrPolicies: policies}
			if n[0] > 0 {
				attrs[netpol.AttrFirstOpen] = at(15).Format(time.RFC3339Nano)
			}
			tl.Record(timeline.Event{Kind: timeline.KindEffect, Source: netpol.Source, Attrs: attrs, Message: role,
				Objects: []timeline.Ref{{Kind: "pod", Namespace: "ns", Name: "netprobe-" + role}}})
		}
	}
}

func TestNetworkPolicy(t *testing.T) {
	t.Parallel()
	held := map[string][2]int{netpol.RoleUnlisted: {0, 12}, netpol.RoleAdmitted: {12, 12}, netpol.RoleEgressDenied: {0, 4}, netpol.RoleEgressDNS: {4, 4}}
	with := func(role string, n [2]int) map[string][2]int {
		m := map[string][2]int{}
		for k, v := range held {
			m[k] = v
		}
		m[role] = n
		return m
	}
	check := NetworkPolicy{Availability: 0.99}
	tests := []struct {
		name   string
		run    run
		want   harness.Status
		reason string
	}{
		{"policies hold", run{extra: probed(true, "target", held)}, harness.Pass, "unlisted client blocked 12 of 12"},
		{"not enforced", run{extra: probed(false, "", nil)}, harness.Skip, "cluster does not enforce NetworkPolicy"},
		{"probe never ran", run{}, harness.Error, "did not run"},
		{"no policy", run{extra: probed(true, "", with(netpol.RoleUnlisted, [2]int{12, 12}))}, harness.Fail, "no NetworkPolicy selects the target's pods"},
		{"admit all", run{extra: probed(true, "target", with(netpol.RoleUnlisted, [2]int{12, 12}))}, harness.Fail, "policy target admits clients it does not list"},
		{"admitted blocked", run{extra: probed(true, "target", with(netpol.RoleAdmitted, [2]int{0, 12}))}, harness.Fail, "shut out traffic they declare"},
		{"egress open", run{extra: probed(true, "target", with(netpol.RoleEgressDenied, [2]int{4, 4}))}, harness.Fail, "egress is not restricted"},
		{"dns blocked", run{extra: probed(true, "target", with(netpol.RoleEgressDNS, [2]int{0, 4}))}, harness.Fail, "block cluster DNS"},
		{"load path broken", run{fail: map[int]uint64{13: 50}, class: loadgen.ClassTimeout, extra: probed(true, "target", held)}, harness.Fail, "NodePort load path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs := check.Evaluate(tt.run.timeline())
			if len(vs) != 1 {
				t.Fatalf("%d verdicts, want 1: %+v", len(vs), vs)
			}
			if v := vs[0]; v.Status != tt.want || !strings.Contains(v.Reason, tt.reason) || v.Item != ItemNetworkPolicy {
				t.Errorf("got %s %q, want %s containing %q", v.Status, v.Reason, tt.want, tt.reason)
			}
		})
	}
}
