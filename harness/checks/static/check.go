package static

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/timeline"
)

// CheckItem is the Item of the harness.Check that AsCheck returns; its
// verdicts carry the checklist items themselves.
const CheckItem = "static checklist"

// Check judges the manifests (a multi-document YAML stream) and returns,
// for every Deployment and StatefulSet in document order (or those chosen
// with Workload), one verdict per checklist item in the order of Items.
// A workload that is not in the manifests gets an ERROR verdict per item.
// The error is for input that cannot be decoded, naming the document
// (counted from 1) and its kind, or for an invalid option.
func Check(manifests []byte, opts ...Option) ([]harness.Verdict, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	m, err := decode(manifests)
	if err != nil {
		return nil, err
	}
	var out []harness.Verdict
	for _, w := range m.chosen(c) {
		for _, j := range judges {
			if !c.judged(j.item) {
				continue
			}
			if w.missing != "" {
				out = append(out, errorVerdict(j.item, w.ref, w.missing))
				continue
			}
			out = append(out, j.judge(m, w, c))
		}
	}
	return out, nil
}

// chosen returns the workloads to judge. A chosen workload missing from
// the manifests, or a placeholder when none is chosen and the manifests
// hold none, is returned with the reason it cannot be judged.
func (m *manifests) chosen(c *config) []*workload {
	if len(c.workloads) == 0 {
		if len(m.workloads) == 0 {
			return []*workload{{missing: "the manifests hold no Deployment or StatefulSet"}}
		}
		return m.workloads
	}
	var out []*workload
	for _, ref := range c.workloads {
		i := slices.IndexFunc(m.workloads, func(w *workload) bool { return w.ref == ref })
		if i < 0 {
			out = append(out, &workload{ref: ref, missing: name(ref) + " is not in the manifests"})
			continue
		}
		out = append(out, m.workloads[i])
	}
	return out
}

func errorVerdict(item string, ref timeline.Ref, reason string) harness.Verdict {
	v := harness.Verdict{Item: item, Status: harness.Error, Reason: reason}
	if ref.Name != "" {
		v.Evidence.Objects = []timeline.Ref{ref}
	}
	return v
}

// AsCheck returns Check as a harness.Check that ignores the run's
// timeline. A run's result holds one verdict per item per scenario, so
// verdicts of several workloads are merged per item (the worst status
// wins; reasons are joined), and a decode error becomes an ERROR verdict
// per item. Run it in a scenario of its own, or restrict it with Only,
// when dynamic checks of the same items run in the scenario too.
func AsCheck(manifests []byte, opts ...Option) harness.Check {
	return harness.CheckFunc(CheckItem, func(*timeline.Timeline) []harness.Verdict {
		vs, err := Check(manifests, opts...)
		if err != nil {
			items := Items()
			if c, cerr := newConfig(opts); cerr == nil {
				items = c.items
			}
			for _, it := range items {
				vs = append(vs, errorVerdict(it, timeline.Ref{}, fmt.Sprintf("judging the manifests: %v", err)))
			}
			return vs
		}
		return mergeByItem(vs)
	})
}

// severity orders statuses for merging: a FAIL outweighs an ERROR, which
// outweighs a SKIP, which outweighs a PASS.
var severity = map[harness.Status]int{harness.Pass: 0, harness.Skip: 1, harness.Inconclusive: 2, harness.Error: 3, harness.Fail: 4}

// mergeByItem folds verdicts of the same item into one; the counts of a
// merged verdict are prefixed with the workload they belong to.
func mergeByItem(vs []harness.Verdict) []harness.Verdict {
	per := map[string]int{}
	for _, v := range vs {
		per[v.Item]++
	}
	var out []harness.Verdict
	for _, v := range vs {
		if per[v.Item] > 1 {
			v.Evidence.Counts = prefixCounts(v)
		}
		i := slices.IndexFunc(out, func(o harness.Verdict) bool { return o.Item == v.Item })
		if i < 0 {
			out = append(out, v)
			continue
		}
		o := &out[i]
		switch {
		case severity[v.Status] > severity[o.Status]:
			o.Status, o.Reason = v.Status, v.Reason
		case v.Status == o.Status:
			o.Reason = strings.Join([]string{o.Reason, v.Reason}, "; ")
		}
		o.Evidence.Objects = append(o.Evidence.Objects, v.Evidence.Objects...)
		if o.Evidence.Counts == nil {
			o.Evidence.Counts = v.Evidence.Counts
		} else {
			maps.Copy(o.Evidence.Counts, v.Evidence.Counts)
		}
	}
	return out
}

// prefixCounts returns a verdict's counts keyed "<workload>: <key>".
func prefixCounts(v harness.Verdict) map[string]float64 {
	if len(v.Evidence.Counts) == 0 || len(v.Evidence.Objects) == 0 {
		return v.Evidence.Counts
	}
	out := make(map[string]float64, len(v.Evidence.Counts))
	for k, x := range v.Evidence.Counts {
		out[name(v.Evidence.Objects[0])+": "+k] = x
	}
	return out
}
