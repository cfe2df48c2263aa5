package observe

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/golive/resilience/harness/timeline"
)

// Series of the target's resource usage against its limits, sampled from
// the metrics API (metrics-server: the kubelet's cAdvisor working set and
// CPU rate, at its resolution) when WithUsage is given.
const (
	// SeriesMemoryOfLimit is the highest working set of a target
	// container as a fraction of its memory limit.
	SeriesMemoryOfLimit = "usage/memory_of_limit"
	// SeriesCPUOfLimit is the highest CPU rate of a target container as
	// a fraction of its CPU limit.
	SeriesCPUOfLimit = "usage/cpu_of_limit"
	// MsgUsageUnavailable starts the note recorded when the metrics API
	// does not answer: usage is then not observed.
	MsgUsageUnavailable = "resource usage not observed"
)

// WithUsage samples the target's memory and CPU against its limits every
// interval from the metrics API.
func WithUsage(every time.Duration) Option { return func(o *Observer) { o.usageEvery = every } }

// podMetricsList is the part of metrics.k8s.io/v1beta1 PodMetricsList
// read here.
type podMetricsList struct {
	Items []struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Containers []struct {
			Name  string                       `json:"name"`
			Usage map[string]resource.Quantity `json:"usage"`
		} `json:"containers"`
	} `json:"items"`
}

// pollUsage samples usage until the observer stops; the first failure of
// the metrics API is noted and ends the polling.
func (o *Observer) pollUsage() {
	if o.client.Discovery().RESTClient() == nil {
		return // a fake clientset: no metrics API to ask
	}
	t := time.NewTicker(o.usageEvery)
	defer t.Stop()
	for {
		if err := o.sampleUsage(); err != nil {
			o.tl.Record(timeline.Event{Kind: timeline.KindNote, Source: Source,
				Message: fmt.Sprintf("%s: %v", MsgUsageUnavailable, err)})
			return
		}
		select {
		case <-o.stop:
			return
		case <-t.C:
		}
	}
}

func (o *Observer) sampleUsage() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := o.client.Discovery().RESTClient().Get().
		AbsPath("/apis/metrics.k8s.io/v1beta1/namespaces", o.target.Namespace, "pods").
		Param("labelSelector", labels.SelectorFromSet(o.target.Selector).String()).DoRaw(ctx)
	if err != nil {
		return fmt.Errorf("reading pod metrics in %s: %w", o.target.Namespace, err)
	}
	var list podMetricsList
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("decoding pod metrics in %s: %w", o.target.Namespace, err)
	}
	u := usageOfLimits(list, o.podSpecs())
	if u.memLimited {
		o.tl.Sample(SeriesMemoryOfLimit, u.mem)
	}
	if u.cpuLimited {
		o.tl.Sample(SeriesCPUOfLimit, u.cpu)
	}
	return nil
}

// podSpecs returns the live target pods' containers by pod name.
func (o *Observer) podSpecs() map[string][]corev1.Container {
	out := map[string][]corev1.Container{}
	for _, obj := range o.pods.List() {
		p := obj.(*corev1.Pod)
		out[p.Name] = p.Spec.Containers
	}
	return out
}

// usage is the highest memory and CPU use of a container as a fraction of
// its limit, and whether any container had such a limit to measure by.
type usage struct {
	mem, cpu               float64
	memLimited, cpuLimited bool
}

// usageOfLimits measures the containers of list that have limits.
func usageOfLimits(list podMetricsList, specs map[string][]corev1.Container) (u usage) {
	for _, p := range list.Items {
		for _, c := range p.Containers {
			for _, sc := range specs[p.Metadata.Name] {
				if sc.Name != c.Name {
					continue
				}
				if lim, ok := sc.Resources.Limits[corev1.ResourceMemory]; ok && !lim.IsZero() {
					q := c.Usage[string(corev1.ResourceMemory)]
					u.mem, u.memLimited = max(u.mem, q.AsApproximateFloat64()/lim.AsApproximateFloat64()), true
				}
				if lim, ok := sc.Resources.Limits[corev1.ResourceCPU]; ok && !lim.IsZero() {
					q := c.Usage[string(corev1.ResourceCPU)]
					u.cpu, u.cpuLimited = max(u.cpu, q.AsApproximateFloat64()/lim.AsApproximateFloat64()), true
				}
			}
		}
	}
	return u
}
