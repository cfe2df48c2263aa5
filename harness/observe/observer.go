package observe

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/golive/resilience/harness/timeline"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// Target is what an Observer watches.
type Target struct {
	// Namespace holds the workload; its Deployments, ReplicaSets, HPAs,
	// PDBs and events are recorded.
	Namespace string
	// Selector chooses the workload's pods.
	Selector map[string]string
	// Service names the Service whose EndpointSlices are counted; empty
	// skips them.
	Service string
}

// Option configures an Observer.
type Option func(*Observer)

// WithLogger logs handler failures to l (discarded by default).
func WithLogger(l *slog.Logger) Option { return func(o *Observer) { o.log = l } }

// Observer feeds a timeline from informers until Stop.
type Observer struct {
	client kubernetes.Interface
	tl     *timeline.Timeline
	target Target
	log    *slog.Logger
	stop   chan struct{}
	once   sync.Once

	pods      cache.Store
	nodes     cache.Store
	slices    cache.Store
	mu        sync.Mutex
	podStates map[string]podState // by UID
	readyOn   map[string]bool     // nodes that held ready target pods
	// usageEvery > 0 samples resource usage (WithUsage).
	usageEvery time.Duration
}

// Start starts the informers, waits until they have listed everything
// and returns the running Observer. ctx bounds the initial sync only.
func Start(ctx context.Context, client kubernetes.Interface, tl *timeline.Timeline, target Target, opts ...Option) (*Observer, error) {
	o := &Observer{client: client, tl: tl, target: target, log: slog.New(slog.DiscardHandler),
		stop: make(chan struct{}), podStates: map[string]podState{}}
	for _, opt := range opts {
		opt(o)
	}
	sel := labels.SelectorFromSet(target.Selector).String()
	podsF := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(target.Namespace),
		informers.WithTweakListOptions(func(lo *metav1.ListOptions) { lo.LabelSelector = sel }))
	nsF := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(target.Namespace))
	clusterF := informers.NewSharedInformerFactory(client, 0)

	reg := func(inf cache.SharedIndexInformer, h cache.ResourceEventHandler) error {
		_, err := inf.AddEventHandler(h)
		return err
	}
	podInf := podsF.Core().V1().Pods().Informer()
	nodeInf := clusterF.Core().V1().Nodes().Informer()
	o.pods, o.nodes = podInf.GetStore(), nodeInf.GetStore()
	handlers := []struct {
		inf cache.SharedIndexInformer
		h   cache.ResourceEventHandler
	}{
		{podInf, o.handler("pod", o.onPod)},
		{nodeInf, o.handler("node", o.onNode)},
		{nsF.Apps().V1().Deployments().Informer(), o.handler("deployment", o.onDeployment)},
		{nsF.Apps().V1().ReplicaSets().Informer(), o.handler("replicaset", o.onReplicaSet)},
		{nsF.Autoscaling().V2().HorizontalPodAutoscalers().Informer(), o.handler("hpa", o.onHPA)},
		{nsF.Policy().V1().PodDisruptionBudgets().Informer(), o.handler("pdb", o.onPDB)},
		{nsF.Core().V1().Events().Informer(), o.handler("event", o.onEvent)},
	}
	if target.Service != "" {
		inf := nsF.Discovery().V1().EndpointSlices().Informer()
		o.slices = inf.GetStore()
		handlers = append(handlers, struct {
			inf cache.SharedIndexInformer
			h   cache.ResourceEventHandler
		}{inf, o.handler("endpointslice", o.onSlice)})
	}
	for _, h := range handlers {
		if err := reg(h.inf, h.h); err != nil {
			return nil, fmt.Errorf("observing %s: %w", target.Namespace, err)
		}
	}
	for _, f := range []informers.SharedInformerFactory{podsF, nsF, clusterF} {
		f.Start(o.stop)
	}
	for _, f := range []informers.SharedInformerFactory{podsF, nsF, clusterF} {
		for typ, ok := range f.WaitForCacheSync(ctx.Done()) {
			if !ok {
				o.Stop()
				return nil, fmt.Errorf("observing %s: informer for %v did not sync: %w", target.Namespace, typ, ctx.Err())
			}
		}
	}
	// The stores are complete now: record the starting values.
	o.podTotals()
	o.nodeTotals()
	o.sliceTotals()
	o.stopOnShutdown(podsF, nsF, clusterF)
	if o.usageEvery > 0 {
		go o.pollUsage()
	}
	return o, nil
}

func (o *Observer) stopOnShutdown(fs ...informers.SharedInformerFactory) {
	go func() {
		<-o.stop
		for _, f := range fs {
			f.Shutdown()
		}
	}()
}

// Stop stops the informers. It is safe to call more than once.
func (o *Observer) Stop() { o.once.Do(func() { close(o.stop) }) }

// change is one informer notification; old is nil for an add, cur is nil
// for a delete; initial marks adds from the first list.
type change struct {
	old, cur any
	initial  bool
}

// handler adapts fn to an informer handler that never panics into
// client-go: a failing handler is logged and recorded as an error event.
func (o *Observer) handler(what string, fn func(change)) cache.ResourceEventHandler {
	safe := func(c change) {
		defer func() {
			if r := recover(); r != nil {
				o.log.Error("observer handler panicked", "object", what, "panic", r)
				o.tl.Record(timeline.Event{Kind: timeline.KindError, Source: Source, Message: fmt.Sprintf("%s handler: %v", what, r)})
			}
		}()
		fn(c)
	}
	return cache.ResourceEventHandlerDetailedFuncs{
		AddFunc:    func(obj any, initial bool) { safe(change{cur: obj, initial: initial}) },
		UpdateFunc: func(old, cur any) { safe(change{old: old, cur: cur}) },
		DeleteFunc: func(obj any) {
			if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = d.Obj
			}
			safe(change{old: obj})
		},
	}
}
