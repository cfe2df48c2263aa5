package static

import (
	"strings"

	"github.com/golive/resilience/harness"
)

// judgeImage passes when every container's image (init containers too) is
// pinned by a digest or a tag other than latest.
func judgeImage(_ *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemImage, w)
	var images []string
	for _, c := range w.containers() {
		images = append(images, c.Image)
		switch tag, digest := imageTag(c.Image); {
		case c.Image == "":
			f.failf("container %q names no image", c.Name)
		case digest:
		case tag == "":
			f.failf("container %q image %q has no tag: it runs whatever latest is at pull time", c.Name, c.Image)
		case tag == "latest":
			f.failf("container %q image %q uses the moving tag latest: a restart can run another version", c.Name, c.Image)
		}
	}
	return f.passf("every image is pinned by a tag or a digest: %s", strings.Join(images, ", "))
}

// imageTag returns an image reference's tag ("" when it has none) and
// whether it is pinned by a digest.
func imageTag(ref string) (tag string, digest bool) {
	if strings.Contains(ref, "@") {
		return "", true
	}
	last := ref[strings.LastIndex(ref, "/")+1:]
	if i := strings.LastIndex(last, ":"); i >= 0 {
		return last[i+1:], false
	}
	return "", false
}
