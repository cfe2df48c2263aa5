package observe

import (
	"sort"

	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
)

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func (o *Observer) onNode(c change) {
	if c.initial {
		return
	}
	ref := func(n *corev1.Node) []timeline.Ref { return []timeline.Ref{{Kind: "node", Name: n.Name}} }
	switch {
	case c.cur == nil:
		n := c.old.(*corev1.Node)
		o.tl.Record(timeline.Event{Kind: timeline.KindNode, Source: Source, Objects: ref(n), Message: "node deleted"})
	case c.old == nil:
		n := c.cur.(*corev1.Node)
		o.tl.Record(timeline.Event{Kind: timeline.KindNode, Source: Source, Objects: ref(n), Message: "node added"})
	default:
		was, now := c.old.(*corev1.Node), c.cur.(*corev1.Node)
		if nodeReady(was) != nodeReady(now) {
			msg := map[bool]string{true: "node Ready", false: "node NotReady"}[nodeReady(now)]
			o.tl.Record(timeline.Event{Kind: timeline.KindNode, Source: Source, Objects: ref(now), Message: msg})
		}
		if was.Spec.Unschedulable != now.Spec.Unschedulable {
			msg := map[bool]string{true: "node cordoned", false: "node uncordoned"}[now.Spec.Unschedulable]
			o.tl.Record(timeline.Event{Kind: timeline.KindNode, Source: Source, Objects: ref(now), Message: msg})
		}
	}
	o.nodeTotals()
}

func (o *Observer) nodeTotals() {
	var ready, schedulable float64
	for _, obj := range o.nodes.List() {
		n := obj.(*corev1.Node)
		if nodeReady(n) {
			ready++
		}
		if !n.Spec.Unschedulable {
			schedulable++
		}
	}
	o.tl.Sample(SeriesNodesReady, ready)
	o.tl.Sample(SeriesNodesSchedulable, schedulable)
}

func (o *Observer) onSlice(c change) {
	if !c.initial {
		o.sliceTotals()
	}
}

// sliceTotals counts the endpoints of the target Service's slices. Ready
// is unset (nil) for an endpoint whose state is unknown; that counts as
// ready, as kube-proxy counts it.
func (o *Observer) sliceTotals() {
	if o.slices == nil {
		return
	}
	var ready, serving, terminating float64
	for _, obj := range o.slices.List() {
		s := obj.(*discoveryv1.EndpointSlice)
		if s.Labels[discoveryv1.LabelServiceName] != o.target.Service {
			continue
		}
		for _, e := range s.Endpoints {
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				ready++
			}
			if e.Conditions.Serving == nil || *e.Conditions.Serving {
				serving++
			}
			if e.Conditions.Terminating != nil && *e.Conditions.Terminating {
				terminating++
			}
		}
	}
	o.tl.Sample(SeriesEndpointsReady, ready)
	o.tl.Sample(SeriesEndpointsServing, serving)
	o.tl.Sample(SeriesEndpointsTerminating, terminating)
}

// Placement returns how many of the target's live pods sit on each node
// and the nodes a pod could be scheduled on: not cordoned, no NoSchedule
// or NoExecute taint (the control plane's, a lost node's), from the
// informers' stores.
func (o *Observer) Placement() (pods map[string]int, schedulable []string) {
	pods = map[string]int{}
	for _, obj := range o.pods.List() {
		p := obj.(*corev1.Pod)
		if p.DeletionTimestamp == nil && p.Spec.NodeName != "" {
			pods[p.Spec.NodeName]++
		}
	}
	for _, obj := range o.nodes.List() {
		n := obj.(*corev1.Node)
		if n.Spec.Unschedulable || !nodeReady(n) {
			continue
		}
		tainted := false
		for _, t := range n.Spec.Taints {
			if t.Effect == corev1.TaintEffectNoSchedule || t.Effect == corev1.TaintEffectNoExecute {
				tainted = true
			}
		}
		if !tainted {
			schedulable = append(schedulable, n.Name)
		}
	}
	sort.Strings(schedulable)
	return pods, schedulable
}
