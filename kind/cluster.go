package kind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	kindcluster "sigs.k8s.io/kind/pkg/cluster"

	"github.com/golive/resilience/kind/nodeimage"
)

// DefaultReadyTimeout bounds the wait for nodes and CoreDNS after create.
const DefaultReadyTimeout = 5 * time.Minute

// ErrNotFound is returned by Get when no cluster of that name exists.
var ErrNotFound = errors.New("kind cluster not found")

// Provider creates, finds and deletes kind clusters on the local Docker engine.
type Provider struct {
	kind         *kindcluster.Provider
	log          *slog.Logger
	readyTimeout time.Duration
	keepOnFail   bool
	kubeconfigs  string
}

// ProviderOption configures a Provider.
type ProviderOption func(*Provider)

// WithLogger receives kind's progress and ours (discarded by default).
func WithLogger(l *slog.Logger) ProviderOption { return func(p *Provider) { p.log = l } }

// WithReadyTimeout bounds the wait for Ready nodes and CoreDNS.
func WithReadyTimeout(d time.Duration) ProviderOption {
	return func(p *Provider) { p.readyTimeout = d }
}

// WithKeepOnFail leaves a half-made cluster in place for debugging instead of
// deleting it.
func WithKeepOnFail(keep bool) ProviderOption { return func(p *Provider) { p.keepOnFail = keep } }

// WithKubeconfigDir sets where cluster kubeconfig files are written
// (default: $XDG_CACHE_HOME/golive-resilience/kubeconfig).
func WithKubeconfigDir(dir string) ProviderOption { return func(p *Provider) { p.kubeconfigs = dir } }

// NewProvider returns a Provider on the Docker engine.
func NewProvider(opts ...ProviderOption) *Provider {
	p := &Provider{log: slog.New(slog.DiscardHandler), readyTimeout: DefaultReadyTimeout}
	for _, o := range opts {
		o(p)
	}
	if p.kubeconfigs == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		p.kubeconfigs = filepath.Join(base, "golive-resilience", "kubeconfig")
	}
	p.kind = kindcluster.NewProvider(kindcluster.ProviderWithDocker(), kindcluster.ProviderWithLogger(slogAdapter{p.log}))
	return p
}

// Cluster is a running kind cluster.
type Cluster struct {
	Name       string
	Kubeconfig string // path of a kubeconfig file for this cluster
	provider   *Provider
	rest       *rest.Config
	created    bool // made by this process (Create), not found
}

// Created reports whether this process made the cluster (rather than
// finding it): kindenv.Finish deletes only such clusters.
func (c *Cluster) Created() bool { return c.created }

// Logger is the provider's logger.
func (p *Provider) Logger() *slog.Logger { return p.log }

// List names the kind clusters on this engine.
func (p *Provider) List(ctx context.Context) ([]string, error) {
	return ctxCall(ctx, p.kind.List)
}

// Create makes a cluster from cfg and waits until all nodes are Ready and
// CoreDNS is available. A cluster that fails on the way is deleted unless
// the provider keeps failures.
func (p *Provider) Create(ctx context.Context, cfg Config) (*Cluster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(p.kubeconfigs, 0o700); err != nil {
		return nil, fmt.Errorf("cluster %q: %w", cfg.Name, err)
	}
	kubeconfig := filepath.Join(p.kubeconfigs, cfg.Name)
	if cfg.Enforcer == "" && !cfg.DefaultCNI {
		m, err := nodeimage.Enforcer(ctx, cfg.NodeImage)
		if err != nil {
			return nil, fmt.Errorf("cluster %q: %w", cfg.Name, err)
		}
		cfg.Enforcer = m
	}
	start := time.Now()
	p.log.Info("creating cluster", "cluster", cfg.Name, "image", cfg.NodeImage, "workers", cfg.Workers)
	_, err := ctxCall(ctx, func() (struct{}, error) {
		return struct{}{}, p.kind.Create(cfg.Name,
			kindcluster.CreateWithV1Alpha4Config(cfg.V1Alpha4()),
			kindcluster.CreateWithNodeImage(cfg.NodeImage),
			kindcluster.CreateWithKubeconfigPath(kubeconfig),
			kindcluster.CreateWithRetain(p.keepOnFail),
			kindcluster.CreateWithDisplayUsage(false),
			kindcluster.CreateWithDisplaySalutation(false))
	})
	if err != nil {
		return nil, p.failed(cfg.Name, kubeconfig, fmt.Errorf("creating cluster %q: %w", cfg.Name, err))
	}
	c, err := p.cluster(cfg.Name, kubeconfig)
	if err != nil {
		return nil, p.failed(cfg.Name, kubeconfig, err)
	}
	if err := p.confine(ctx, cfg); err != nil {
		return nil, p.failed(cfg.Name, kubeconfig, err)
	}
	if cfg.Enforcer != "" {
		p.log.Info("installing the NetworkPolicy enforcer in place of the default CNI", "cluster", cfg.Name)
		if err := c.Apply(ctx, []byte(cfg.Enforcer)); err != nil {
			return nil, p.failed(cfg.Name, kubeconfig, fmt.Errorf("installing the NetworkPolicy enforcer: %w", err))
		}
	}
	if err := c.WaitReady(ctx, p.readyTimeout); err != nil {
		return nil, p.failed(cfg.Name, kubeconfig, err)
	}
	p.log.Info("cluster ready", "cluster", cfg.Name, "elapsed", time.Since(start).Round(100*time.Millisecond))
	c.created = true
	return c, nil
}

// failed deletes a half-made cluster (unless kept) and returns err.
func (p *Provider) failed(name, kubeconfig string, err error) error {
	if p.keepOnFail {
		p.log.Warn("keeping failed cluster for debugging", "cluster", name)
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, derr := ctxCall(ctx, func() (struct{}, error) { return struct{}{}, p.kind.Delete(name, kubeconfig) }); derr != nil {
		return errors.Join(err, fmt.Errorf("deleting failed cluster %q: %w", name, derr))
	}
	return err
}

// Get returns an existing cluster after checking that it is healthy: every
// node Ready and CoreDNS available within the ready timeout.
func (p *Provider) Get(ctx context.Context, name string) (*Cluster, error) {
	c, err := p.Attach(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := c.WaitReady(ctx, p.readyTimeout); err != nil {
		return nil, err
	}
	return c, nil
}

// Attach returns a handle on an existing cluster without waiting for it to
// be healthy: what a clean-up after a crash needs, when a node may still be
// stopped or frozen.
func (p *Provider) Attach(ctx context.Context, name string) (*Cluster, error) {
	names, err := p.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing kind clusters: %w", err)
	}
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	if err := os.MkdirAll(p.kubeconfigs, 0o700); err != nil {
		return nil, fmt.Errorf("cluster %q: %w", name, err)
	}
	kubeconfig := filepath.Join(p.kubeconfigs, name)
	if _, err := ctxCall(ctx, func() (struct{}, error) {
		return struct{}{}, p.kind.ExportKubeConfig(name, kubeconfig, false)
	}); err != nil {
		return nil, fmt.Errorf("cluster %q: exporting kubeconfig: %w", name, err)
	}
	return p.cluster(name, kubeconfig)
}

// GetOrCreate reuses a healthy cluster named cfg.Name that runs cfg's node
// image, and otherwise deletes whatever has that name and creates it anew.
func (p *Provider) GetOrCreate(ctx context.Context, cfg Config) (*Cluster, error) {
	c, err := p.Get(ctx, cfg.Name)
	if err == nil {
		img, ierr := c.nodeImage(ctx)
		missing, perr := c.unmapped(ctx, cfg.Ports)
		switch {
		case ierr == nil && img == cfg.NodeImage && perr == nil && len(missing) == 0:
			p.log.Info("reusing cluster", "cluster", cfg.Name)
			if err := p.confine(ctx, cfg); err != nil {
				return nil, err
			}
			return c, nil
		case ierr != nil || img != cfg.NodeImage:
			err = fmt.Errorf("runs image %q, want %q (%v)", img, cfg.NodeImage, ierr)
		default:
			err = fmt.Errorf("does not map node ports %v to 127.0.0.1 (%v)", missing, perr)
		}
	}
	if !errors.Is(err, ErrNotFound) {
		p.log.Warn("recreating cluster", "cluster", cfg.Name, "reason", err.Error())
		if derr := p.Delete(ctx, cfg.Name); derr != nil {
			return nil, derr
		}
	}
	return p.Create(ctx, cfg)
}

// confine keeps the cluster's pod and Service traffic on the kind bridge
// (Confine); a host without the firewall for it gets a warning.
func (p *Provider) confine(ctx context.Context, cfg Config) error {
	n := cfg.V1Alpha4().Networking
	err := Confine(ctx, n.PodSubnet, n.ServiceSubnet)
	if errors.Is(err, ErrNoHostFirewall) {
		p.log.Warn("packets for a lost node's pods may leave this host", "cluster", cfg.Name, "reason", err.Error())
		return nil
	}
	if err != nil {
		return fmt.Errorf("cluster %q: %w", cfg.Name, err)
	}
	return nil
}

// Delete removes a cluster and its kubeconfig file; deleting a cluster that
// does not exist is not an error.
func (p *Provider) Delete(ctx context.Context, name string) error {
	kubeconfig := filepath.Join(p.kubeconfigs, name)
	if _, err := ctxCall(ctx, func() (struct{}, error) { return struct{}{}, p.kind.Delete(name, kubeconfig) }); err != nil {
		return fmt.Errorf("deleting cluster %q: %w", name, err)
	}
	if err := os.Remove(kubeconfig); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("deleting cluster %q: %w", name, err)
	}
	p.log.Info("deleted cluster", "cluster", name)
	return nil
}

func (p *Provider) cluster(name, kubeconfig string) (*Cluster, error) {
	rc, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("cluster %q: reading kubeconfig %s: %w", name, kubeconfig, err)
	}
	// A test harness watches and probes a local cluster of its own:
	// client-go's default 5 requests/s would delay its probes.
	rc.QPS, rc.Burst = 50, 100
	return &Cluster{Name: name, Kubeconfig: kubeconfig, provider: p, rest: rc}, nil
}

// RESTConfig returns a copy of the cluster's client configuration.
func (c *Cluster) RESTConfig() *rest.Config { return rest.CopyConfig(c.rest) }

// Clientset returns a typed client for the cluster.
func (c *Cluster) Clientset() (kubernetes.Interface, error) {
	cs, err := kubernetes.NewForConfig(c.RESTConfig())
	if err != nil {
		return nil, fmt.Errorf("cluster %q: %w", c.Name, err)
	}
	return cs, nil
}

// Delete removes the cluster.
func (c *Cluster) Delete(ctx context.Context) error { return c.provider.Delete(ctx, c.Name) }

// ExportLogs writes the cluster's logs into dir as `kind export logs`
// does: every node's journal, kubelet and containerd logs, and pod logs.
func (c *Cluster) ExportLogs(dir string) error {
	if err := c.provider.kind.CollectLogs(c.Name, dir); err != nil {
		return fmt.Errorf("exporting the logs of cluster %s: %w", c.Name, err)
	}
	return nil
}

// ctxCall runs one of kind's context-less calls so that ours returns when ctx
// is done. The call itself runs to its end in the background.
func ctxCall[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// ClusterName is the kind cluster's name.
func (c *Cluster) ClusterName() string { return c.Name }

// Context is the kubeconfig context kind writes for the cluster.
func (c *Cluster) Context() string { return ContextPrefix + c.Name }
