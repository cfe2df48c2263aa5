package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/harness/timeline"
)

// NetworkPolicy judges the network-policy item from what netpol.Probe
// recorded: the cluster must enforce policies (else SKIP), a client the
// target's policies do not admit must never connect, an admitted client
// must, a pod wearing the target's labels must not reach what its egress
// rules leave out but must reach cluster DNS, and the users' load path
// (the NodePort) must keep its availability through the fault phase.
type NetworkPolicy struct {
	// Availability the NodePort load must keep in the fault phase.
	Availability float64
}

var _ harness.Check = NetworkPolicy{}

// Item is the checklist item judged.
func (NetworkPolicy) Item() string { return ItemNetworkPolicy }

// Evaluate returns one verdict for the item.
func (c NetworkPolicy) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	item := c.Item()
	events := tl.Events(timeline.FromSource(netpol.Source))
	for _, e := range events {
		if e.Attrs[netpol.AttrEnforced] == "false" {
			return []harness.Verdict{{Item: item, Status: harness.Skip, Reason: e.Message,
				Evidence: harness.Evidence{At: []time.Time{e.Time}}}}
		}
	}
	probes := map[string]timeline.Event{}
	enforced := false
	for _, e := range events {
		if e.Attrs[netpol.AttrEnforced] == "true" {
			enforced = true
		}
		if r := e.Attrs[netpol.AttrRole]; r != "" {
			probes[r] = e
		}
	}
	if !enforced || probes[netpol.RoleUnlisted].Message == "" || probes[netpol.RoleAdmitted].Message == "" {
		why := "no enforcement self-test or client probes on the timeline"
		if errs := tl.Events(timeline.OfKind(timeline.KindError), timeline.FromSource(netpol.Probe{}.Name())); len(errs) > 0 {
			why = errs[len(errs)-1].Message
		}
		return []harness.Verdict{{Item: item, Status: harness.Error, Reason: "the network-policy probe did not run to the end: " + why}}
	}
	_, _, s, v, bad := faultLoad(tl, item)
	if bad != nil {
		return bad
	}
	for _, role := range []string{netpol.RoleUnlisted, netpol.RoleAdmitted, netpol.RoleEgressDenied, netpol.RoleEgressDNS} {
		if e, ok := probes[role]; ok {
			for k, n := range counts(e) {
				v.Evidence.Counts[role+"_"+k] = n
			}
			v.Evidence.Objects = append(v.Evidence.Objects, e.Objects...)
			v.Evidence.At = append(v.Evidence.At, e.Time)
		}
	}
	fail := func(format string, args ...any) []harness.Verdict {
		v.Status, v.Reason = harness.Fail, fmt.Sprintf(format, args...)
		return []harness.Verdict{v}
	}
	u := probes[netpol.RoleUnlisted]
	if n := atoi(u, netpol.AttrConnected); n > 0 {
		pols := u.Attrs[netpol.AttrPolicies]
		why := "no NetworkPolicy selects the target's pods"
		if pols != "" {
			why = fmt.Sprintf("policy %s admits clients it does not list", pols)
		}
		return fail("%s: a client pod the policies do not admit (%s) connected to the target %d of %d times, first at %s",
			why, refs(u.Objects), n, atoi(u, netpol.AttrAttempts), firstOpen(u))
	}
	for _, role := range []string{netpol.RoleUnlisted, netpol.RoleAdmitted, netpol.RoleEgressDenied, netpol.RoleEgressDNS} {
		if e, ok := probes[role]; ok && atoi(e, netpol.AttrErrors) == atoi(e, netpol.AttrAttempts) {
			v.Status, v.Reason = harness.Error, "the "+role+" probe could not dial at all: "+e.Message
			return []harness.Verdict{v}
		}
	}
	a := probes[netpol.RoleAdmitted]
	if atoi(a, netpol.AttrBlocked) > 0 {
		return fail("a client pod the policies admit (%s) was blocked %d of %d times: the policies shut out traffic they declare",
			refs(a.Objects), atoi(a, netpol.AttrBlocked), atoi(a, netpol.AttrAttempts))
	}
	if e, ok := probes[netpol.RoleEgressDenied]; ok && atoi(e, netpol.AttrConnected) > 0 {
		return fail("egress is not restricted: a pod with the target's labels (%s) reached a pod outside its egress rules %d of %d times, first at %s",
			refs(e.Objects), atoi(e, netpol.AttrConnected), atoi(e, netpol.AttrAttempts), firstOpen(e))
	}
	if e, ok := probes[netpol.RoleEgressDNS]; ok && atoi(e, netpol.AttrBlocked) > 0 {
		return fail("egress rules %s block cluster DNS for the target's pods (%d of %d dials from %s blocked)",
			e.Attrs[netpol.AttrPolicies], atoi(e, netpol.AttrBlocked), atoi(e, netpol.AttrAttempts), refs(e.Objects))
	}
	if s.SuccessRatio < c.Availability {
		return fail("the NodePort load path lost availability behind the policies: %.2f%% < %.2f%% (%d of %d requests failed: %s)",
			100*s.SuccessRatio, 100*c.Availability, failures(s), s.Judged, classes(s))
	}
	var egress string
	if e, ok := probes[netpol.RoleEgressDenied]; ok {
		egress = fmt.Sprintf("; egress: %d of %d dials outside the rules blocked, DNS reachable", atoi(e, netpol.AttrBlocked), atoi(e, netpol.AttrAttempts))
	}
	v.Status = harness.Pass
	v.Reason = fmt.Sprintf("policy %s: unlisted client blocked %d of %d times, admitted client connected %d of %d%s; NodePort availability %.2f%% over %d requests",
		u.Attrs[netpol.AttrPolicies], atoi(u, netpol.AttrBlocked), atoi(u, netpol.AttrAttempts),
		atoi(a, netpol.AttrConnected), atoi(a, netpol.AttrAttempts), egress, 100*s.SuccessRatio, s.Judged)
	return []harness.Verdict{v}
}

func counts(e timeline.Event) map[string]float64 {
	out := map[string]float64{}
	for _, k := range []string{netpol.AttrAttempts, netpol.AttrConnected, netpol.AttrBlocked, netpol.AttrErrors} {
		out[k] = float64(atoi(e, k))
	}
	return out
}

func atoi(e timeline.Event, k string) int {
	n, _ := strconv.Atoi(e.Attrs[k])
	return n
}

func firstOpen(e timeline.Event) string {
	t, err := time.Parse(time.RFC3339Nano, e.Attrs[netpol.AttrFirstOpen])
	if err != nil {
		return strings.TrimSpace(e.Time.Format(time.TimeOnly))
	}
	return t.Format("15:04:05.0")
}
