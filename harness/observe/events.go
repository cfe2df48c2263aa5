package observe

import (
	"strings"

	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
)

// onEvent records Kubernetes events of the target namespace that happen
// during the run (the history listed at start is skipped), once per
// occurrence.
func (o *Observer) onEvent(c change) {
	if c.initial || c.cur == nil {
		return
	}
	e := c.cur.(*corev1.Event)
	if old, ok := c.old.(*corev1.Event); ok && occurrences(old) == occurrences(e) {
		return // an update that is not a new occurrence
	}
	// Stamped when received: the event's own timestamps come from another
	// clock, to the second.
	obj := e.InvolvedObject
	o.tl.Record(timeline.Event{Kind: timeline.KindKube, Source: Source, Message: e.Message,
		Objects: []timeline.Ref{{Kind: strings.ToLower(obj.Kind), Namespace: obj.Namespace, Name: obj.Name}},
		Attrs:   map[string]string{AttrReason: e.Reason, AttrType: e.Type}})
}

func occurrences(e *corev1.Event) int32 {
	if e.Series != nil {
		return e.Series.Count
	}
	return e.Count
}
