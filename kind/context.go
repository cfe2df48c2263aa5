package kind

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"k8s.io/client-go/tools/clientcmd"
)

// ContextPrefix starts the kubeconfig context kind writes for a cluster:
// "kind-<name>".
const ContextPrefix = "kind-"

// AttachContext returns a handle on the kind cluster a kubeconfig context
// points at, talking to it with that context's credentials: a cluster
// this package may not have created. kubeconfig "" takes the usual
// loading rules ($KUBECONFIG, ~/.kube/config); contextName "" takes the
// current context. The context must be kind's "kind-<name>" for a cluster
// on this engine: faults reach nodes through their containers.
func (p *Provider) AttachContext(ctx context.Context, kubeconfig, contextName string) (*Cluster, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.ExplicitPath = kubeconfig
	}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: contextName})
	raw, err := cc.RawConfig()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig: %w", err)
	}
	if contextName == "" {
		contextName = raw.CurrentContext
	}
	if contextName == "" {
		return nil, errors.New("kubeconfig has no current context")
	}
	if _, ok := raw.Contexts[contextName]; !ok {
		return nil, fmt.Errorf("kubeconfig has no context %q", contextName)
	}
	name, ok := strings.CutPrefix(contextName, ContextPrefix)
	if !ok {
		return nil, fmt.Errorf("context %q: %w: want %s<cluster>", contextName, ErrNotFound, ContextPrefix)
	}
	names, err := p.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing kind clusters: %w", err)
	}
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("context %q: %w: %q is not on this engine (have %v)", contextName, ErrNotFound, name, names)
	}
	rc, err := cc.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", contextName, err)
	}
	rc.QPS, rc.Burst = 50, 100
	path := kubeconfig
	if path == "" {
		path = rules.GetDefaultFilename()
	}
	return &Cluster{Name: name, Kubeconfig: path, provider: p, rest: rc}, nil
}
