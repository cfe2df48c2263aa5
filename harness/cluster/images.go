package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/kind"
)

// LoadImages cannot load images: there is no node provider to copy them
// into the nodes. An image of this tool's local registry name (LocalHost)
// can never be pulled, so it must already be on every schedulable node
// that is not a control plane (on every schedulable node when there is no
// such node, as on a single-node cluster); otherwise the error wraps
// ErrNoNodeProvider and names what is missing. Other images are the
// kubelet's to pull. A node whose status lists the kubelet's maximum of
// images (MaxStatusImages) may hold more than it lists: an image missing
// from such a list is not held against it. A node reports an image it was
// just given at its next status update: the check waits up to
// ImagesReported for every image to be listed before it fails.
func (g *Generic) LoadImages(ctx context.Context, images ...string) error {
	images = slices.DeleteFunc(slices.Clone(images), func(ref string) bool { return !strings.HasPrefix(ref, LocalHost+"/") })
	if len(images) == 0 {
		return nil
	}
	deadline := time.NewTimer(imagesReported)
	defer deadline.Stop()
	tick := time.NewTicker(imagesReported / 30)
	defer tick.Stop()
	for {
		err := g.missingImages(ctx, images)
		if err == nil || !errors.Is(err, ErrNoNodeProvider) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-deadline.C:
			return err
		case <-tick.C:
		}
	}
}

// ImagesReported bounds the wait for the nodes to list the images: the
// kubelet refreshes its image list every 30 s and posts it with its next
// status update (--node-status-update-frequency, 10 s by default); a
// minute covers both with room.
const ImagesReported = time.Minute

// imagesReported is ImagesReported; tests shorten it.
var imagesReported = ImagesReported

// missingImages returns nil when every image is on every node that must
// hold it, else the error naming what is missing.
func (g *Generic) missingImages(ctx context.Context, images []string) error {
	nodes, err := g.listNodes(ctx)
	if err != nil {
		return err
	}
	nodes = slices.DeleteFunc(nodes, func(n corev1.Node) bool { return n.Spec.Unschedulable })
	if workers := slices.DeleteFunc(slices.Clone(nodes), func(n corev1.Node) bool {
		return role(n) == kind.ControlPlane
	}); len(workers) > 0 {
		nodes = workers
	}
	var missing []string
	for _, img := range images {
		var lacking []string
		for _, n := range nodes {
			if !hasImage(n, img) && len(n.Status.Images) < MaxStatusImages {
				lacking = append(lacking, n.Name)
			}
		}
		if len(lacking) > 0 {
			missing = append(missing, fmt.Sprintf("image %q is not on %s %s", img, plural(len(lacking), "node", "nodes"), strings.Join(lacking, ", ")))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	it := plural(len(missing), "it", "them")
	return noProviderError(fmt.Sprintf("%s, and context %q has no node provider to load %s: import %s into those nodes' runtime, or run with the -tag of images already there",
		strings.Join(missing, "; "), g.name, it, it))
}

// LocalHost is the registry name of the images this tool builds: they
// exist only where it loaded them.
const LocalHost = "golive.local"

// MaxStatusImages is the kubelet's default --node-status-max-images: a
// node's status lists at most this many of its images, the largest first.
const MaxStatusImages = 50

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// noProviderError is LoadImages' message, which is ErrNoNodeProvider.
type noProviderError string

func (e noProviderError) Error() string { return string(e) }
func (noProviderError) Unwrap() error   { return ErrNoNodeProvider }

// hasImage tells whether the node's container runtime reports ref.
func hasImage(n corev1.Node, ref string) bool {
	want := aliases(ref)
	for _, img := range n.Status.Images {
		for _, name := range img.Names {
			if slices.Contains(want, name) {
				return true
			}
		}
	}
	return false
}

// aliases returns ref and, when it has no tag or digest, ref:latest: the
// names a runtime may list it under.
func aliases(ref string) []string {
	if last := ref[strings.LastIndex(ref, "/")+1:]; !strings.ContainsAny(last, ":@") {
		return []string{ref, ref + ":latest"}
	}
	return []string{ref}
}
