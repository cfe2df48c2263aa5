package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/kind"
)

// LoadImages cannot load images: there is no node provider to copy them
// into the nodes. It checks that every image is already on every
// schedulable node that is not a control plane (on every schedulable node
// when there is no such node, as on a single-node cluster), and otherwise
// returns an error wrapping ErrNoNodeProvider that names what is missing.
func (g *Generic) LoadImages(ctx context.Context, images ...string) error {
	if len(images) == 0 {
		return nil
	}
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
			if !hasImage(n, img) {
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
	return noProviderError(fmt.Sprintf("%s, and context %q has no node provider to load %s: push %s to a registry the cluster pulls from",
		strings.Join(missing, "; "), g.name, it, it))
}

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

// aliases returns ref and the names a runtime may list it under: with
// ":latest" when it has no tag or digest, and, without a registry host,
// under docker.io/library/ (single-name images) and docker.io/.
func aliases(ref string) []string {
	out := []string{ref}
	if last := ref[strings.LastIndex(ref, "/")+1:]; !strings.ContainsAny(last, ":@") {
		out = append(out, ref+":latest")
	}
	host, _, ok := strings.Cut(ref, "/")
	if ok && (strings.ContainsAny(host, ".:") || host == "localhost") {
		return out
	}
	for _, r := range slices.Clone(out) {
		if !ok {
			out = append(out, "docker.io/library/"+r)
		}
		out = append(out, "docker.io/"+r)
	}
	return out
}
