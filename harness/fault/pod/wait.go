package pod

import (
	"context"
	"fmt"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
)

// WaitGone waits, watching what lw lists, until none of victims exists any
// more (a pod of the same name but another UID is a replacement), and
// records an effect event as each one goes.
func WaitGone(ctx context.Context, env *fault.Env, lw cache.ListerWatcher, source string, victims []corev1.Pod) error {
	left := map[types.UID]corev1.Pod{}
	for _, p := range victims {
		left[p.UID] = p
	}
	err := kube.Until(ctx, lw, func(pods []*corev1.Pod) (bool, error) {
		present := map[types.UID]bool{}
		for _, p := range pods {
			present[p.UID] = true
		}
		for uid, p := range left {
			if !present[uid] {
				delete(left, uid)
				env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: source,
					Objects: []timeline.Ref{fault.PodRef(p.Namespace, p.Name)}, Message: "pod gone"})
			}
		}
		return len(left) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("%w: %d pods still there: %w", fault.ErrNoEffect, len(left), err)
	}
	return nil
}

// targetPods lists and watches the pods a fault chooses from.
func targetPods(env *fault.Env, namespace string, selector map[string]string) cache.ListerWatcher {
	if namespace == "" {
		namespace = env.Namespace
	}
	if selector == nil {
		selector = env.Selector
	}
	return kube.Pods(env.Client, namespace, labels.SelectorFromSet(selector).String(), "")
}

// refs names pods in events.
func refs(pods []corev1.Pod) []timeline.Ref {
	out := make([]timeline.Ref, 0, len(pods))
	for _, p := range pods {
		out = append(out, fault.PodRef(p.Namespace, p.Name))
	}
	return out
}
