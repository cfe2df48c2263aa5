package nodeimage

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golive/resilience/kind/command"
)

// Defaults for Ensure.
const (
	// PublishedRepository is where kind publishes node images.
	PublishedRepository = "kindest/node"
	// DefaultPullTimeout bounds the attempt to pull kind's published image.
	DefaultPullTimeout = 30 * time.Second
)

type options struct {
	log         *slog.Logger
	cacheDir    string
	mirror      string
	kindVersion string
	pull        bool
	pullTimeout time.Duration
}

// Option configures Ensure.
type Option func(*options)

// WithLogger receives one line per build step (what, elapsed). Silent by default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithCacheDir sets where build steps keep their outputs
// (default: $XDG_CACHE_HOME/golive-resilience/nodeimage).
func WithCacheDir(dir string) Option { return func(o *options) { o.cacheDir = dir } }

// WithMirror sets the Debian mirror (default: the one apt is configured with).
func WithMirror(url string) Option { return func(o *options) { o.mirror = url } }

// WithoutPull skips the attempt to pull kind's published image.
func WithoutPull() Option { return func(o *options) { o.pull = false } }

// Ensure returns a node image reference for a Kubernetes version: a local
// image built from the same inputs, else kind's published image when it can
// be pulled, else one built offline now.
func Ensure(ctx context.Context, version string, opts ...Option) (string, error) {
	o := options{log: slog.New(slog.DiscardHandler), kindVersion: KindVersion(), pull: true, pullTimeout: DefaultPullTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if o.mirror == "" {
		o.mirror = MachineMirror()
	}
	if o.cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("finding cache directory: %w", err)
		}
		o.cacheDir = filepath.Join(base, "golive-resilience", "nodeimage")
	}
	r, err := NewRecipe(version, o.kindVersion, o.mirror)
	if err != nil {
		return "", err
	}
	if ref, ok := localImage(ctx, r.Key()); ok {
		o.log.Info("node image up to date", "image", ref)
		return ref, nil
	}
	if o.pull {
		ref := PublishedRepository + ":" + version
		pctx, cancel := context.WithTimeout(ctx, o.pullTimeout)
		_, err := command.Run(pctx, "docker", "pull", ref)
		cancel()
		if err == nil {
			o.log.Info("using kind's published node image", "image", ref)
			return ref, nil
		}
		o.log.Info("kind's published node image unavailable; building offline", "image", ref, "reason", firstLine(err.Error()))
	}
	start := time.Now()
	b := &builder{root: o.cacheDir, log: o.log}
	if err := b.build(ctx, r); err != nil {
		return "", fmt.Errorf("building node image %s: %w", r.Tag(), err)
	}
	o.log.Info("node image built", "image", r.Tag(), "elapsed", time.Since(start).Round(time.Second))
	return r.Tag(), nil
}

// localImage finds an image labelled with the recipe key.
func localImage(ctx context.Context, key string) (string, bool) {
	out, err := command.Run(ctx, "docker", "images", "--filter", "label="+LabelKey+"="+key,
		"--format", "{{.Repository}}:{{.Tag}}")
	if err != nil {
		return "", false
	}
	for _, line := range strings.Fields(string(out)) {
		if !strings.Contains(line, "<none>") {
			return line, true
		}
	}
	return "", false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
