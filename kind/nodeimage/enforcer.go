package nodeimage

import (
	"context"
	"fmt"
	"strings"

	"github.com/golive/resilience/kind/command"
)

// Enforcer returns the manifest of the NetworkPolicy enforcer a cluster on
// node image needs in place of its default CNI, so that a policy proof
// means the same on every cluster: nothing for an image this package built
// (kube-router is its default CNI), and kube-router's own manifest at the
// same version, image from Docker Hub, for any other — kind's published
// kindest/node ships kindnet, whose policy support does not hold on every
// kernel (see the network-policy self-test).
func Enforcer(ctx context.Context, image string) (string, error) {
	if Ours(ctx, image) {
		return "", nil
	}
	r, err := NewRecipe(DefaultKubernetesVersion, "", "")
	if err != nil {
		return "", err
	}
	c := r.Components
	mod, err := downloadModule(ctx, "github.com/cloudnativelabs/kube-router/v2", c.KubeRouter)
	if err != nil {
		return "", fmt.Errorf("network policy enforcer for %s: %w", image, err)
	}
	return kubeRouterManifest(mod.Dir, "docker.io/cloudnativelabs/kube-router:"+c.KubeRouter)
}

// Ours reports whether image is a node image this package built (it
// carries the recipe label).
func Ours(ctx context.Context, image string) bool {
	out, err := command.Run(ctx, "docker", "image", "inspect", "--format", `{{index .Config.Labels "`+LabelKey+`"}}`, image)
	return err == nil && strings.TrimSpace(string(out)) != "" && !strings.Contains(string(out), "no value")
}
