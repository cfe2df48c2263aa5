package kind

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"golang.org/x/sync/errgroup"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"
)

// LoadImages copies local Docker images into the containerd of every node,
// as `kind load docker-image` does.
func (c *Cluster) LoadImages(ctx context.Context, images ...string) error {
	nodes, err := c.provider.kind.ListNodes(c.Name)
	if err != nil {
		return fmt.Errorf("cluster %q: listing nodes: %w", c.Name, err)
	}
	for _, img := range images {
		g, gctx := errgroup.WithContext(ctx)
		for _, n := range nodes {
			g.Go(func() error {
				pr, pw := io.Pipe()
				save := exec.CommandContext(gctx, "docker", "save", img)
				save.Stdout = pw
				var stderr strings.Builder
				save.Stderr = &stderr
				go func() {
					err := save.Run()
					if err != nil {
						err = fmt.Errorf("docker save %s: %w: %s", img, err, strings.TrimSpace(stderr.String()))
					}
					pw.CloseWithError(err)
				}()
				if err := nodeutils.LoadImageArchive(n, pr); err != nil {
					pr.CloseWithError(err)
					return fmt.Errorf("cluster %q: loading image %s into node %s: %w", c.Name, img, n, err)
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}
