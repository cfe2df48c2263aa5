package nodeimage

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/golive/resilience/kind/command"
)

// nodeSetup runs inside the assembly container, as kind's base image
// Dockerfile does, against Debian's packages.
const nodeSetup = `set -e
chmod 755 /kind /kind/bin
find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete
rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \
  /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \
  /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*
echo ReadKMsg=no >> /etc/systemd/journald.conf
ln -sf /lib/systemd/systemd /sbin/init
systemctl enable kubelet.service containerd.service undo-mount-hacks.service
systemctl mask systemd-binfmt.service
mkdir -p /etc/kubernetes/manifests /opt/cni/bin
cp -a /usr/lib/cni/* /opt/cni/bin/
ln -sf /usr/bin/containerd /usr/local/bin/containerd
ctr oci spec \
  | jq '.hooks.createContainer[.hooks.createContainer|length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
  | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json
`

// assemble boots a container from the node root filesystem image, finishes
// its set-up, preloads the component images into its containerd and commits
// the result as the node image.
func (b *builder) assemble(ctx context.Context, rootImage, ref string, images []string, labels map[string]string) (err error) {
	name := fmt.Sprintf("golive-nodeimage-build-%d", time.Now().UnixNano())
	if _, err := command.Run(ctx, "docker", "run", "-d", "--privileged", "--name", name,
		"--entrypoint", "sleep", rootImage, "infinity"); err != nil {
		return fmt.Errorf("starting assembly container: %w", err)
	}
	defer func() {
		rmCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, rmErr := command.Run(rmCtx, "docker", "rm", "-f", name); rmErr != nil && err == nil {
			err = fmt.Errorf("removing assembly container: %w", rmErr)
		}
	}()
	if _, err := command.Run(ctx, "docker", "exec", name, "bash", "-c", nodeSetup); err != nil {
		return fmt.Errorf("setting up node filesystem: %w", err)
	}
	if _, err := command.Run(ctx, "docker", "exec", "-d", name, "containerd"); err != nil {
		return fmt.Errorf("starting containerd in assembly container: %w", err)
	}
	if err := waitCommand(ctx, 30*time.Second, "docker", "exec", name, "ctr", "version"); err != nil {
		return fmt.Errorf("waiting for containerd in assembly container: %w", err)
	}
	for _, img := range images {
		b.log.Info("preloading image", "image", img)
		if err := pipeImage(ctx, img, name); err != nil {
			return err
		}
		if _, err := command.Run(ctx, "docker", "exec", name, "ctr", "-n", "k8s.io", "images", "label",
			img, "io.cri-containerd.pinned=pinned"); err != nil {
			return fmt.Errorf("pinning %s: %w", img, err)
		}
	}
	if _, err := command.Run(ctx, "docker", "exec", name, "sh", "-c",
		"pkill containerd; while pgrep -x containerd >/dev/null; do sleep 0.2; done; rm -rf /tmp/* /var/log/*"); err != nil {
		return fmt.Errorf("stopping containerd in assembly container: %w", err)
	}
	args := []string{"commit",
		"--change", `ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]`,
		"--change", "ENV container=docker",
		// Docker 20.10 refuses STOPSIGNAL here; kind deletes nodes with
		// `docker rm -f`, so systemd's SIGRTMIN+3 is never needed.
	}
	for _, k := range sortedKeys(labels) {
		args = append(args, "--change", fmt.Sprintf("LABEL %s=%q", k, labels[k]))
	}
	if _, err := command.Run(ctx, "docker", append(args, name, ref)...); err != nil {
		return fmt.Errorf("committing node image: %w", err)
	}
	return nil
}

// pipeImage streams `docker save` of img into the container's containerd.
func pipeImage(ctx context.Context, img, container string) error {
	save := exec.CommandContext(ctx, "docker", "save", img)
	out, err := save.StdoutPipe()
	if err != nil {
		return err
	}
	var saveErr strings.Builder
	save.Stderr = &saveErr
	if err := save.Start(); err != nil {
		return fmt.Errorf("saving %s: %w", img, err)
	}
	_, impErr := command.Cmd{Name: "docker", Args: []string{"exec", "-i", container, "ctr", "-n", "k8s.io",
		"images", "import", "--all-platforms", "--no-unpack", "--digests", "-"}, Stdin: out}.Run(ctx)
	if impErr != nil {
		_, _ = io.Copy(io.Discard, out)
	}
	if err := save.Wait(); err != nil {
		return fmt.Errorf("saving %s: %w: %s", img, err, saveErr.String())
	}
	if impErr != nil {
		return fmt.Errorf("importing %s into node: %w", img, impErr)
	}
	return nil
}

// waitCommand retries a command until it succeeds or the timeout passes.
func waitCommand(ctx context.Context, timeout time.Duration, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for {
		_, err := command.Run(ctx, name, args...)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-tick.C:
		}
	}
}

// kindBaseFiles stages kind's base image files (from the kind module in the
// module cache) under stage, with the modes kind's Dockerfile gives them.
func kindBaseFiles(kindDir, stage string) error {
	src := filepath.Join(kindDir, "images", "base", "files")
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(stage, rel), 0o755)
		}
		mode := os.FileMode(0o644)
		if strings.HasPrefix(rel, "usr/local/bin/") || strings.HasPrefix(rel, "kind/bin/") {
			mode = 0o755
		}
		return copyFile(p, filepath.Join(stage, rel), mode)
	})
}
