package nodeimage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// cniHeader makes kind template the default CNI manifest at cluster create.
const cniHeader = "# would you kindly template this file\n"

// node stages the node's own files over its root filesystem, imports that as
// the node root image and assembles the node image from it.
func (b *builder) node(ctx context.Context, r Recipe, o outputs, storage kindStorage, images []string) error {
	cni, err := kubeRouterManifest(o.kubeRouterDir, r.kubeRouterImage())
	if err != nil {
		return fmt.Errorf("step node-root: %w", err)
	}
	rootRef := fmt.Sprintf("golive/kind-node-root:%s", r.Key()[:12])
	inputs := map[string]string{"rootfs": o.nodeRoot, "kind": o.kindDir, "kubernetes": o.kubernetes,
		"crictl": o.crictl, "cni": cni, "storage": storage.Manifest, "recipe": recipeRevision}
	stage := filepath.Join(b.root, "stage", "node-root")
	err = b.image(ctx, rootRef, step{name: "node-root", inputs: inputs}, func(ctx context.Context, labels map[string]string) error {
		defer os.RemoveAll(stage)
		if err := os.RemoveAll(stage); err != nil {
			return err
		}
		if err := copyTree(ctx, filepath.Join(o.nodeRoot, "rootfs"), stage); err != nil {
			return err
		}
		if err := stageNodeFiles(stage, r, o, cni, storage.Manifest); err != nil {
			return err
		}
		return importDir(ctx, rootRef, nil, labels, stage)
	})
	if err != nil {
		return err
	}
	labels := map[string]string{LabelKubernetes: r.Kubernetes}
	for k, v := range r.Inputs() {
		labels[labelInput+k] = v
	}
	labels[LabelKey] = r.Key()
	begin := time.Now()
	b.log.Info("step started", "step", "node-image", "image", r.Tag())
	if err := b.assemble(ctx, rootRef, r.Tag(), images, labels); err != nil {
		return fmt.Errorf("step node-image: %w", err)
	}
	b.log.Info("step done", "step", "node-image", "elapsed", time.Since(begin).Round(100*time.Millisecond))
	return nil
}

// stageNodeFiles lays out what the node image adds to Debian: kind's base
// files, the Kubernetes binaries, crictl, kind's version file and manifests,
// and a containerd config fit for hosts without CAP_SYS_RESOURCE.
func stageNodeFiles(stage string, r Recipe, o outputs, cni, storage string) error {
	if err := kindBaseFiles(o.kindDir, stage); err != nil {
		return fmt.Errorf("staging kind base files: %w", err)
	}
	for _, c := range []string{"kubeadm", "kubelet", "kubectl"} {
		if err := copyFile(bin(o.kubernetes, c), filepath.Join(stage, "usr", "bin", c), 0o755); err != nil {
			return err
		}
	}
	if err := copyFile(bin(o.crictl, "crictl"), filepath.Join(stage, "usr", "local", "bin", "crictl"), 0o755); err != nil {
		return err
	}
	cfgPath := filepath.Join(stage, "etc", "containerd", "config.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	patched, err := restrictOOMScoreAdj(string(cfg))
	if err != nil {
		return err
	}
	return writeFiles(stage, map[string]string{
		"etc/containerd/config.toml":          patched,
		"kind/version":                        r.Kubernetes,
		"kind/manifests/default-cni.yaml":     cniHeader + cni,
		"kind/manifests/default-storage.yaml": storage,
	})
}

// restrictOOMScoreAdj turns on containerd's restrict_oom_score_adj: without
// CAP_SYS_RESOURCE, runc cannot set the -998 that CRI asks for sandboxes.
// It is what rootless setups use and harmless elsewhere.
func restrictOOMScoreAdj(cfg string) (string, error) {
	const off, on = "restrict_oom_score_adj = false", "restrict_oom_score_adj = true"
	if !strings.Contains(cfg, off) {
		return "", fmt.Errorf("kind containerd config: %q not found", off)
	}
	return strings.Replace(cfg, off, on, 1), nil
}
