// Package kube holds the watch helpers that the harness's fault and observer
// packages share: list-then-watch constructors for typed clients (so that
// they work with client-go's fake clientset too) and a level-based wait.
package kube

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
)

// Until lists, then watches what lw returns and comes back once cond holds
// for the current set of objects, or when ctx ends. cond sees the whole
// synced store, so a change between the list and the watch is never missed
// and a condition that already holds returns at once.
func Until[T runtime.Object](ctx context.Context, lw cache.ListerWatcher, cond func([]T) (bool, error)) error {
	var zero T
	var store cache.Store
	check := func() (bool, error) {
		items := store.List()
		objs := make([]T, 0, len(items))
		for _, it := range items {
			if o, ok := it.(T); ok {
				objs = append(objs, o)
			}
		}
		return cond(objs)
	}
	pre := func(s cache.Store) (bool, error) {
		store = s
		return check()
	}
	_, err := watchtools.UntilWithSync(ctx, lw, zero, pre, func(watch.Event) (bool, error) { return check() })
	if err != nil {
		return fmt.Errorf("waiting: %w", err)
	}
	return nil
}

// ListWatch builds a ListerWatcher from a typed client's List and Watch,
// with mod applied to every request's options (selectors). client is the
// clientset the functions belong to: it tells the reflector whether the
// client can stream lists (client-go's fake clientset cannot).
func ListWatch[L runtime.Object](
	client any,
	list func(context.Context, metav1.ListOptions) (L, error),
	watchFn func(context.Context, metav1.ListOptions) (watch.Interface, error),
	mod func(*metav1.ListOptions),
) cache.ListerWatcher {
	if mod == nil {
		mod = func(*metav1.ListOptions) {}
	}
	return cache.ToListWatcherWithWatchListSemantics(&cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			mod(&o)
			return list(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			mod(&o)
			return watchFn(ctx, o)
		},
	}, client)
}
