package pod

import (
	"context"
	"fmt"
	"sync"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// pacers serialise paced disruptions per workload of a run (run ID, namespace and
// selector): one deletion at a time, each only once the workload has all
// its pods back and Ready.
var pacers sync.Map // key string → *pacer

type pacer struct {
	mu sync.Mutex
	// want is the number of live Ready pods the workload had before its
	// first paced disruption: the capacity each next one waits for.
	want int
}

func pacerFor(runID, namespace string, selector map[string]string) *pacer {
	key := runID + "/" + namespace + "/" + labels.SelectorFromSet(selector).String()
	p, _ := pacers.LoadOrStore(key, &pacer{})
	return p.(*pacer)
}

// paced runs disrupt once the workload is whole again, as Kubernetes paces
// voluntary disruption (a rolling update's maxUnavailable, a drain
// honouring its PDB): every live pod Ready and as many Ready as before the
// first paced disruption. It holds the workload's pacer from the wait
// until disrupt has returned, so that two due disruptions never both see
// the same capacity. When ctx ends first the wait is the fault's missing
// effect (fault.ErrNoEffect): the run counts it cut short, not failed.
func paced(ctx context.Context, env *fault.Env, source, namespace string, selector map[string]string, disrupt func() error) error {
	if namespace == "" {
		namespace = env.Namespace
	}
	if selector == nil {
		selector = env.Selector
	}
	p := pacerFor(env.RunID, namespace, selector)
	p.mu.Lock()
	defer p.mu.Unlock()
	waited := false
	err := kube.Until(ctx, kube.Pods(env.Client, namespace, labels.SelectorFromSet(selector).String(), ""), func(pods []*corev1.Pod) (bool, error) {
		ready, live := 0, 0
		for _, pod := range pods {
			if pod.DeletionTimestamp != nil {
				continue
			}
			live++
			if isReady(pod) {
				ready++
			}
		}
		if p.want == 0 {
			p.want = ready
		}
		ok := ready > 0 && ready == live && ready >= p.want
		waited = waited || !ok
		return ok, nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w: pods of %s not all Ready again before the next disruption: %w", source, fault.ErrNoEffect, namespace, err)
	}
	if waited {
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: source,
			Message: "waited for the last disruption's replacement to be Ready before the next one"})
	}
	return disrupt()
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
