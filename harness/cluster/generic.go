package cluster

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
)

// ErrNoNodeProvider: the cluster's nodes are not containers or machines
// this tool can reach; faults and steps that need them are unsupported.
// It is the faults' own sentinel (fault.ErrNoNodeProvider).
var ErrNoNodeProvider = fault.ErrNoNodeProvider

// Generic is a cluster reached by a kubeconfig context through the
// Kubernetes API only.
type Generic struct {
	name, kubeconfig string
	rc               *rest.Config

	mu        sync.Mutex // guards the lazily built clients below
	clientset kubernetes.Interface
	dynamic   dynamic.Interface
	mapper    meta.ResettableRESTMapper
}

// Attach loads context contextName (empty: the current context) from
// kubeconfig (empty: the default loading rules, $KUBECONFIG or
// ~/.kube/config) and checks, within ctx, that its API server answers.
func Attach(ctx context.Context, kubeconfig, contextName string) (*Generic, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	if kubeconfig == "" {
		kubeconfig = rules.GetDefaultFilename()
	}
	raw, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig %s: %w", kubeconfig, err)
	}
	if contextName == "" {
		contextName = raw.CurrentContext
	}
	if _, ok := raw.Contexts[contextName]; !ok || contextName == "" {
		have := "none"
		if len(raw.Contexts) > 0 {
			have = strings.Join(slices.Sorted(maps.Keys(raw.Contexts)), ", ")
		}
		if contextName == "" {
			return nil, fmt.Errorf("kubeconfig %s has no current context (have %s)", kubeconfig, have)
		}
		return nil, fmt.Errorf("kubeconfig has no context %q (have %s)", contextName, have)
	}
	rc, err := clientcmd.NewNonInteractiveClientConfig(*raw, contextName, &clientcmd.ConfigOverrides{}, rules).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", contextName, err)
	}
	// The harness watches and probes while it injects faults: client-go's
	// default 5 requests/s would delay its probes.
	rc.QPS, rc.Burst = 50, 100
	dc, err := discovery.NewDiscoveryClientForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", contextName, err)
	}
	// ServerVersion without its context: GET /version, bounded by ctx.
	if err := dc.RESTClient().Get().AbsPath("/version").Do(ctx).Error(); err != nil {
		return nil, fmt.Errorf("context %q: API server %s does not answer: %w", contextName, rc.Host, err)
	}
	g := New(contextName, rc)
	g.kubeconfig = kubeconfig
	return g, nil
}

// New wraps an existing client configuration; name is the context name.
func New(name string, rc *rest.Config) *Generic { return &Generic{name: name, rc: rc} }

// ClusterName returns the context name: a generic cluster has no other.
func (g *Generic) ClusterName() string { return g.name }

// Context returns the kubeconfig context name.
func (g *Generic) Context() string { return g.name }

// Kubeconfig returns the kubeconfig path Attach used (with the default
// loading rules, the first file that exists; empty after New).
func (g *Generic) Kubeconfig() string { return g.kubeconfig }

// RESTConfig returns a copy of the cluster's client configuration.
func (g *Generic) RESTConfig() *rest.Config { return rest.CopyConfig(g.rc) }

// Clientset returns a typed client for the cluster, built once.
func (g *Generic) Clientset() (kubernetes.Interface, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.clientset == nil {
		cs, err := kubernetes.NewForConfig(g.rc)
		if err != nil {
			return nil, fmt.Errorf("context %q: %w", g.name, err)
		}
		g.clientset = cs
	}
	return g.clientset, nil
}

// dynamicClients returns the dynamic client and a RESTMapper over cached
// discovery, built once.
func (g *Generic) dynamicClients() (dynamic.Interface, meta.ResettableRESTMapper, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.dynamic == nil {
		dc, err := discovery.NewDiscoveryClientForConfig(g.rc)
		if err != nil {
			return nil, nil, fmt.Errorf("context %q: %w", g.name, err)
		}
		dyn, err := dynamic.NewForConfig(g.rc)
		if err != nil {
			return nil, nil, fmt.Errorf("context %q: %w", g.name, err)
		}
		g.dynamic, g.mapper = dyn, restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	}
	return g.dynamic, g.mapper, nil
}

// PodMetricsCount returns how many pods of a namespace metrics.k8s.io has
// samples for.
func (g *Generic) PodMetricsCount(ctx context.Context, namespace string) (int, error) {
	cs, err := g.Clientset()
	if err != nil {
		return 0, err
	}
	n, err := kind.CountPodMetrics(ctx, cs, namespace)
	if err != nil {
		return 0, fmt.Errorf("context %q: %w", g.name, err)
	}
	return n, nil
}
