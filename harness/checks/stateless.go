package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
)

// The notes a state probe records: the keys it wrote, each with the pod
// that took the write (AttrKeyPrefix+key → pod), and what reading them
// back gave (AttrKeyPrefix+key → ReadOK or why not).
const (
	MsgStateWritten = "state written"
	MsgStateRead    = "state read back"
	AttrKeyPrefix   = "key/"
	ReadOK          = "ok"
	// AttrStateErrors on the written note says how many writes failed.
	AttrStateErrors = "errors"
)

// Stateless judges statelessness with a real proof: state written through
// one pod must be readable through any pod after the pods that took the
// writes were replaced (taken out of service: terminating or gone). Without state paths (no probe ran) it is SKIP.
type Stateless struct{}

var _ harness.Check = Stateless{}

// Item is ItemStateless.
func (Stateless) Item() string { return ItemStateless }

// Evaluate compares the probe's writes, the pods replaced in between and
// the reads.
func (Stateless) Evaluate(tl *timeline.Timeline) []harness.Verdict {
	v := harness.Verdict{Item: ItemStateless, Evidence: harness.Evidence{Counts: map[string]float64{}}}
	var wrote, read *timeline.Event
	for _, e := range tl.Events(timeline.OfKind(timeline.KindNote)) {
		switch {
		case e.Message == MsgStateWritten && wrote == nil:
			wrote = &e
		case e.Message == MsgStateRead && wrote != nil && read == nil:
			read = &e
		}
	}
	switch {
	case wrote == nil && unreached(tl) != "":
		v.Status, v.Reason = harness.Skip, "statelessness is not proven: "+unreached(tl)
		return []harness.Verdict{v}
	case wrote == nil:
		v.Status, v.Reason = harness.Skip, "no state paths given: statelessness is not proven (give the spec's state write and read paths)"
		return []harness.Verdict{v}
	case read == nil:
		v.Status, v.Reason = harness.Error, "the state written was never read back: the probe did not finish"
		return []harness.Verdict{v}
	}
	v.Evidence.From, v.Evidence.To = wrote.Time, read.Time
	if why := wrote.Attrs[AttrStateErrors]; why != "" {
		v.Status, v.Reason = harness.Error, "the state probe could not write through the target: "+why
		return []harness.Verdict{v}
	}
	replaced := map[string]bool{}
	for _, e := range tl.Events(timeline.OfKind(timeline.KindPod), timeline.Between(wrote.Time, read.Time)) {
		// Out of service is what counts: a terminating pod takes no new
		// request, so every read goes to another pod (its object goes
		// only once its shutdown is over, 10 s and more later).
		if (e.Message == observe.MsgPodDeleted || e.Message == observe.MsgPodTerminating) && len(e.Objects) > 0 {
			replaced[e.Objects[0].Name] = true
		}
	}
	var keys, lostReplaced, lostLive []string
	movedPods := map[string]bool{}
	for a, pod := range wrote.Attrs {
		key, ok := strings.CutPrefix(a, AttrKeyPrefix)
		if !ok {
			continue
		}
		keys = append(keys, key)
		got := read.Attrs[a]
		switch {
		case replaced[pod] && got != ReadOK:
			movedPods[pod] = true
			lostReplaced = append(lostReplaced, fmt.Sprintf("%s (written through %s: %s)", key, pod, orText(got, "not read")))
		case replaced[pod]:
			movedPods[pod] = true
		case got != ReadOK:
			lostLive = append(lostLive, fmt.Sprintf("%s (written through %s: %s)", key, pod, orText(got, "not read")))
		}
	}
	slices.Sort(lostReplaced)
	slices.Sort(lostLive)
	v.Evidence.Counts["keys"] = float64(len(keys))
	v.Evidence.Counts["lost_with_replaced_pod"] = float64(len(lostReplaced))
	v.Evidence.Counts["lost_with_live_pod"] = float64(len(lostLive))
	v.Evidence.Counts["replaced_writers"] = float64(len(movedPods))
	switch {
	case len(lostReplaced) > 0:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("%d of %d keys written through pods since replaced could not be read back — the state left with its pod: %s",
			len(lostReplaced), len(keys), firstFew(lostReplaced))
	case len(lostLive) > 0:
		v.Status = harness.Fail
		v.Reason = fmt.Sprintf("%d of %d keys could not be read back through other pods — the state is not shared: %s",
			len(lostLive), len(keys), firstFew(lostLive))
	case len(movedPods) == 0:
		v.Status = harness.Error
		v.Reason = fmt.Sprintf("the fault did not take effect on the state: none of the pods that took the %d writes was taken out of service before the read", len(keys))
	default:
		v.Status = harness.Pass
		v.Reason = fmt.Sprintf("all %d keys read back after %d of the pods that took their writes were replaced (read %s after the writes).",
			len(keys), len(movedPods), read.Time.Sub(wrote.Time).Round(time.Second))
	}
	return []harness.Verdict{v}
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func firstFew(list []string) string {
	if len(list) > 3 {
		return strings.Join(list[:3], "; ") + fmt.Sprintf("; and %d more", len(list)-3)
	}
	return strings.Join(list, "; ")
}

// unreached is why the state probe's write was skipped when it had paths
// but could not reach the target (scenarios.StatePaths.Unreachable), or "".
func unreached(tl *timeline.Timeline) string {
	for _, e := range tl.Events(timeline.OfKind(timeline.KindSkip)) {
		if e.Source != "state-write" {
			continue
		}
		_, why, ok := strings.Cut(e.Message, fault.ErrUnsupported.Error()+": ")
		if ok && !strings.HasPrefix(why, "no state paths given") {
			return why
		}
	}
	return ""
}
