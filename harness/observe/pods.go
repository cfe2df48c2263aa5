package observe

import (
	"maps"
	"slices"
	"strconv"

	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
)

// podState is what the observer remembers of a pod to see transitions.
type podState struct {
	ready, terminating bool
	node               string
	phase              corev1.PodPhase
	restarts           map[string]int32
	terminated         map[string]string // container → terminated container ID
}

func stateOf(p *corev1.Pod) podState {
	s := podState{ready: podReady(p), terminating: p.DeletionTimestamp != nil, node: p.Spec.NodeName,
		phase: p.Status.Phase, restarts: map[string]int32{}, terminated: map[string]string{}}
	for _, c := range p.Status.ContainerStatuses {
		s.restarts[c.Name] = c.RestartCount
		if t := c.State.Terminated; t != nil {
			s.terminated[c.Name] = t.ContainerID
		}
	}
	return s
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func (o *Observer) onPod(c change) {
	if c.cur == nil {
		p := c.old.(*corev1.Pod)
		o.mu.Lock()
		delete(o.podStates, string(p.UID))
		o.mu.Unlock()
		o.podEvent(p, MsgPodDeleted, nil)
		o.podTotals()
		return
	}
	p := c.cur.(*corev1.Pod)
	now := stateOf(p)
	o.mu.Lock()
	was, known := o.podStates[string(p.UID)]
	o.podStates[string(p.UID)] = now
	o.mu.Unlock()
	if c.initial {
		return // Start records the totals once the first list is complete
	}
	if !known {
		o.podEvent(p, "pod created", nil)
		was = podState{restarts: map[string]int32{}, terminated: map[string]string{}}
	}
	o.podTransitions(p, was, now)
	o.podTotals()
}

// podTransitions records what changed between two states of a pod.
func (o *Observer) podTransitions(p *corev1.Pod, was, now podState) {
	if now.node != was.node && now.node != "" {
		o.podEvent(p, "pod scheduled", nil)
	}
	if now.phase != was.phase && now.phase != "" {
		o.podEvent(p, "pod "+string(now.phase), nil)
	}
	if now.ready != was.ready {
		o.podEvent(p, map[bool]string{true: "pod ready", false: "pod unready"}[now.ready], nil)
	}
	if now.terminating && !was.terminating {
		o.podEvent(p, MsgPodTerminating, nil)
	}
	for _, cs := range p.Status.ContainerStatuses {
		if t := cs.State.Terminated; t != nil && was.terminated[cs.Name] != t.ContainerID {
			o.podEvent(p, "container terminated", termAttrs(cs.Name, t))
		}
		if cs.RestartCount > was.restarts[cs.Name] {
			attrs := map[string]string{AttrContainer: cs.Name, "restarts": strconv.Itoa(int(cs.RestartCount))}
			if t := cs.LastTerminationState.Terminated; t != nil {
				attrs = termAttrs(cs.Name, t)
				attrs["restarts"] = strconv.Itoa(int(cs.RestartCount))
			}
			o.podEvent(p, "container restarted", attrs)
		}
	}
}

func termAttrs(container string, t *corev1.ContainerStateTerminated) map[string]string {
	return map[string]string{AttrContainer: container, AttrExitCode: strconv.Itoa(int(t.ExitCode)), AttrReason: t.Reason}
}

func (o *Observer) podEvent(p *corev1.Pod, msg string, attrs map[string]string) {
	if attrs == nil {
		attrs = map[string]string{}
	}
	if p.Spec.NodeName != "" {
		attrs[AttrNode] = p.Spec.NodeName
	}
	o.tl.Record(timeline.Event{Kind: timeline.KindPod, Source: Source, Message: msg, Attrs: attrs,
		Objects: []timeline.Ref{{Kind: "pod", Namespace: p.Namespace, Name: p.Name}}})
}

// podTotals samples the pod gauges from the informer's store.
func (o *Observer) podTotals() {
	var ready, total, terminating, restarts float64
	readyOn := map[string]float64{}
	for _, obj := range o.pods.List() {
		p := obj.(*corev1.Pod)
		if p.DeletionTimestamp != nil {
			terminating++
			continue
		}
		total++
		if podReady(p) {
			ready++
			if p.Spec.NodeName != "" {
				readyOn[p.Spec.NodeName]++
			}
		}
		for _, c := range p.Status.ContainerStatuses {
			restarts += float64(c.RestartCount)
		}
	}
	o.tl.Sample(SeriesPodsReady, ready)
	o.tl.Sample(SeriesPodsTotal, total)
	o.tl.Sample(SeriesPodsTerminating, terminating)
	o.tl.Sample(SeriesRestarts, restarts)
	// Per node, and 0 for a node that held ready pods before.
	o.mu.Lock()
	if o.readyOn == nil {
		o.readyOn = map[string]bool{}
	}
	for n := range readyOn {
		o.readyOn[n] = true
	}
	nodes := slices.Sorted(maps.Keys(o.readyOn))
	o.mu.Unlock()
	for _, n := range nodes {
		if last, ok := o.tl.Latest(SeriesPodsReadyOn + n); !ok || last != readyOn[n] {
			o.tl.Sample(SeriesPodsReadyOn+n, readyOn[n])
		}
	}
}

// PodsOn returns how many of the target's live (not terminating) pods
// sit on the named nodes, from the informer's store.
func (o *Observer) PodsOn(nodes ...string) int {
	n := 0
	for _, obj := range o.pods.List() {
		p := obj.(*corev1.Pod)
		if p.DeletionTimestamp == nil && slices.Contains(nodes, p.Spec.NodeName) {
			n++
		}
	}
	return n
}
