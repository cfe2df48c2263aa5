package fault

import (
	"context"
	"fmt"
	"sort"

	"github.com/golive/resilience/kind"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Pick chooses n of candidates (all of them when n exceeds their number):
// a seeded permutation with env.Rand, or the first n without one.
// Candidates must come sorted, so that the same seed picks the same ones.
func Pick[T any](env *Env, candidates []T, n int) []T {
	n = min(max(n, 1), len(candidates))
	if env.Rand == nil {
		return append([]T(nil), candidates[:n]...)
	}
	out := make([]T, 0, n)
	for _, i := range env.Rand.Perm(len(candidates))[:n] {
		out = append(out, candidates[i])
	}
	return out
}

// PickPods picks n running, not terminating pods that match selector in
// namespace (env's target when empty or nil), sorted by name before the
// seeded choice.
func PickPods(ctx context.Context, env *Env, namespace string, selector map[string]string, n int) ([]corev1.Pod, error) {
	if namespace == "" {
		namespace = env.Namespace
	}
	if selector == nil {
		selector = env.Selector
	}
	sel := labels.SelectorFromSet(selector).String()
	list, err := env.Client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return nil, fmt.Errorf("listing pods %q in %q: %w", sel, namespace, err)
	}
	var live []corev1.Pod
	for _, p := range list.Items {
		if p.DeletionTimestamp == nil && p.Status.Phase == corev1.PodRunning {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil, fmt.Errorf("pods %q in %q: %w", sel, namespace, ErrNoVictim)
	}
	sort.Slice(live, func(i, j int) bool { return live[i].Name < live[j].Name })
	return Pick(env, live, n), nil
}

// PickWorkers returns the worker named name, or picks n workers with
// env.Rand when name is empty. Node faults never touch the control plane.
func PickWorkers(env *Env, name string, n int) ([]kind.Node, error) {
	var workers []kind.Node
	for _, node := range env.Nodes {
		if node.Role != kind.Worker {
			continue
		}
		if name != "" && node.Name == name {
			return []kind.Node{node}, nil
		}
		workers = append(workers, node)
	}
	if name != "" {
		return nil, fmt.Errorf("worker %q: %w", name, ErrNoVictim)
	}
	if len(workers) == 0 {
		return nil, fmt.Errorf("workers: %w", ErrNoVictim)
	}
	sort.Slice(workers, func(i, j int) bool { return workers[i].Name < workers[j].Name })
	return Pick(env, workers, n), nil
}
