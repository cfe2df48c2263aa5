package nodeimage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/golive/resilience/kind/command"
)

// outputs are the directories of the cached build steps.
type outputs struct {
	kubernetes, etcd, coredns, crictl, kubeRouter, metrics, localPath, pause string
	nodeRoot, slimRoot                                                       string
	kindDir, kubeRouterDir                                                   string
}

// MetricsServerImage is the reference under which the node image preloads
// metrics-server.
func (r Recipe) MetricsServerImage() string {
	return "registry.k8s.io/metrics-server/metrics-server:" + r.MetricsSrv
}

func (r Recipe) kubeRouterImage() string {
	return "docker.io/cloudnativelabs/kube-router:" + r.KubeRouter
}

// build runs every step of the offline build and returns nil once the node
// image r.Tag() exists.
func (b *builder) build(ctx context.Context, r Recipe) error {
	var o outputs
	kind, err := downloadModule(ctx, "sigs.k8s.io/kind", r.KindVersion)
	if err != nil {
		return fmt.Errorf("step kind-module: %w", err)
	}
	router, err := downloadModule(ctx, "github.com/cloudnativelabs/kube-router/v2", r.KubeRouter)
	if err != nil {
		return fmt.Errorf("step kube-router-module: %w", err)
	}
	o.kindDir, o.kubeRouterDir = kind.Dir, router.Dir

	// Root filesystems come from the network, binaries from the CPU: overlap them.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		o.nodeRoot, err = b.dir(gctx, rootfsStep("rootfs-node", r.DebianSuite, r.Mirror, r.NodePackages, ""))
		if err != nil {
			return err
		}
		o.slimRoot, err = b.dir(gctx, rootfsStep("rootfs-slim", r.DebianSuite, r.Mirror, r.SlimPackages,
			filepath.Join(o.kubeRouterDir, "build", "image-assets", "iptables-wrapper-installer.sh")))
		return err
	})
	g.Go(func() error {
		goSteps := []struct {
			dst *string
			s   step
		}{
			{&o.kubernetes, kubernetesStep(r)},
			{&o.pause, pauseStep(r)},
			{&o.etcd, etcdStep(r.Etcd)},
			{&o.coredns, goInstallStep("coredns", "github.com/coredns/coredns", r.CoreDNS, "")},
			{&o.crictl, goInstallStep("crictl", "sigs.k8s.io/cri-tools/cmd/crictl", r.Crictl, "")},
			{&o.kubeRouter, goInstallStep("kube-router", "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router", r.KubeRouter,
				"-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version="+r.KubeRouter)},
			{&o.metrics, goInstallStep("metrics-server", "sigs.k8s.io/metrics-server/cmd/metrics-server", r.MetricsSrv, "")},
			{&o.localPath, goInstallStep("local-path-provisioner", "github.com/rancher/local-path-provisioner", r.LocalPath, "")},
		}
		for _, gs := range goSteps {
			dir, err := b.dir(gctx, gs.s)
			if err != nil {
				return err
			}
			*gs.dst = dir
		}
		return checkKubeadmImages(gctx, filepath.Join(o.kubernetes, "bin", "kubeadm"), r)
	})
	if err := g.Wait(); err != nil {
		return err
	}
	return b.images(ctx, r, o)
}

// kubeadmImages are the references kubeadm pulls for this recipe.
func (r Recipe) kubeadmImages() []string {
	k := "registry.k8s.io/"
	return []string{
		k + "kube-apiserver:" + r.Kubernetes, k + "kube-controller-manager:" + r.Kubernetes,
		k + "kube-scheduler:" + r.Kubernetes, k + "kube-proxy:" + r.Kubernetes,
		k + "coredns/coredns:" + r.CoreDNS, k + "pause:" + r.Pause, k + "etcd:" + r.EtcdTag,
	}
}

// checkKubeadmImages makes sure the built kubeadm asks for exactly the images
// the component table provides.
func checkKubeadmImages(ctx context.Context, kubeadm string, r Recipe) error {
	out, err := command.Run(ctx, kubeadm, "config", "images", "list", "--kubernetes-version", r.Kubernetes)
	if err != nil {
		return fmt.Errorf("step kubeadm-images: %w", err)
	}
	got := strings.Fields(string(out))
	want := r.kubeadmImages()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("step kubeadm-images: kubeadm %s asks for %v, the component table provides %v", r.Kubernetes, got, want)
	}
	return nil
}

func bin(dir, name string) string { return filepath.Join(dir, "bin", name) }

// images builds every component image, then the node root image, then the node image.
func (b *builder) images(ctx context.Context, r Recipe, o outputs) error {
	storage, err := readKindStorage(o.kindDir)
	if err != nil {
		return fmt.Errorf("step kind-storage: %w", err)
	}
	slim := filepath.Join(o.slimRoot, "rootfs")
	ca := filepath.Join(slim, "etc", "ssl", "certs", "ca-certificates.crt")
	path := "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin"
	scratch := func(ref, name, binary, src string, entry bool) componentImage {
		c := componentImage{ref: ref, name: name,
			files:   map[string]string{"usr/local/bin/" + binary: src, "etc/ssl/certs/ca-certificates.crt": ca},
			text:    map[string]string{"etc/passwd": etcPasswd, "etc/nsswitch.conf": "hosts: files dns\n"},
			changes: []string{path}}
		if entry {
			c.changes = append(c.changes, fmt.Sprintf(`ENTRYPOINT ["/usr/local/bin/%s"]`, binary))
		}
		return c
	}
	k := "registry.k8s.io/"
	comps := []componentImage{
		scratch(k+"kube-apiserver:"+r.Kubernetes, "image-kube-apiserver", "kube-apiserver", bin(o.kubernetes, "kube-apiserver"), true),
		scratch(k+"kube-controller-manager:"+r.Kubernetes, "image-kube-controller-manager", "kube-controller-manager", bin(o.kubernetes, "kube-controller-manager"), true),
		scratch(k+"kube-scheduler:"+r.Kubernetes, "image-kube-scheduler", "kube-scheduler", bin(o.kubernetes, "kube-scheduler"), true),
		scratch(k+"etcd:"+r.EtcdTag, "image-etcd", "etcd", bin(o.etcd, "etcd"), true),
		scratch(k+"coredns/coredns:"+r.CoreDNS, "image-coredns", "coredns", bin(o.coredns, "coredns"), true),
		scratch(k+"pause:"+r.Pause, "image-pause", "pause", bin(o.pause, "pause"), true),
		scratch(r.MetricsServerImage(), "image-metrics-server", "metrics-server", bin(o.metrics, "metrics-server"), true),
		scratch(storage.ProvisionerImage, "image-local-path-provisioner", "local-path-provisioner", bin(o.localPath, "local-path-provisioner"), true),
		{ref: k + "kube-proxy:" + r.Kubernetes, name: "image-kube-proxy", base: "slim",
			files: map[string]string{"usr/local/bin/kube-proxy": bin(o.kubernetes, "kube-proxy")}},
		{ref: r.kubeRouterImage(), name: "image-kube-router", base: "slim",
			files:   map[string]string{"usr/local/bin/kube-router": bin(o.kubeRouter, "kube-router")},
			text:    map[string]string{"etc/nsswitch.conf": "hosts: files dns\n"},
			dirs:    []string{"var/lib/gobgp"},
			changes: []string{`ENTRYPOINT ["/usr/local/bin/kube-router"]`}},
		busyboxImage(storage.HelperImage, filepath.Join(slim, "bin", "busybox")),
	}
	refs := []string{}
	for _, c := range comps {
		c := c
		inputs := map[string]string{"ref": c.ref, "changes": strings.Join(c.changes, "\n"), "base": c.base}
		for dst, src := range c.files {
			inputs["file:"+dst] = src // step directories are named by their input keys
		}
		for dst, t := range c.text {
			inputs["text:"+dst] = t
		}
		if c.base == "slim" {
			inputs["slim"] = o.slimRoot
		}
		stage := filepath.Join(b.root, "stage", c.name)
		if err := b.image(ctx, c.ref, step{name: c.name, inputs: inputs}, func(ctx context.Context, labels map[string]string) error {
			defer os.RemoveAll(stage)
			return c.build(ctx, stage, slim, labels)
		}); err != nil {
			return err
		}
		refs = append(refs, c.ref)
	}
	// kind's containerd config names an older pause tag as the sandbox image.
	oldPause := k + "pause:3.10"
	if _, err := command.Run(ctx, "docker", "tag", k+"pause:"+r.Pause, oldPause); err != nil {
		return fmt.Errorf("step image-pause: %w", err)
	}
	refs = append(refs, oldPause)
	return b.node(ctx, r, o, storage, refs)
}
