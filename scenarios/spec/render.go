package spec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"github.com/golive/resilience/scenarios/internal/kustomize"
)

// Rendered is the target's manifests ready to apply.
type Rendered struct {
	// YAML holds every object, in the target namespace, with the images
	// replaced.
	YAML []byte
	// Objects names them, "Kind/name", in order.
	Objects []string
}

// Render reads the manifests (kustomize folders are built first), puts
// every object in the target namespace, replaces each image by its
// reference in images, and checks that the result holds what the run
// needs: the Deployment, pods carrying the selector, a Service on the node
// port, and no Namespace object.
func (s *Spec) Render(images []Built) (*Rendered, error) {
	mem := filesys.MakeFsInMemory()
	k := types.Kustomization{
		TypeMeta:  types.TypeMeta{APIVersion: types.KustomizationVersion, Kind: types.KustomizationKind},
		Namespace: s.Target.Namespace,
	}
	for i, m := range s.Target.Manifests {
		data, err := s.readManifest(m)
		if err != nil {
			return nil, s.FieldError(fmt.Sprintf("target.manifests[%d]", i), err)
		}
		name := fmt.Sprintf("source-%d.yaml", i)
		if err := mem.WriteFile("/render/"+name, data); err != nil {
			return nil, fmt.Errorf("rendering manifests: %w", err)
		}
		k.Resources = append(k.Resources, name)
	}
	for _, b := range images {
		name, tag, digest := splitRef(b.Ref)
		k.Images = append(k.Images, types.Image{Name: b.Name, NewName: name, NewTag: tag, Digest: digest})
	}
	top, err := yaml.Marshal(k)
	if err != nil {
		return nil, fmt.Errorf("rendering manifests: %w", err)
	}
	if err := mem.WriteFile("/render/kustomization.yaml", top); err != nil {
		return nil, fmt.Errorf("rendering manifests: %w", err)
	}
	res, err := kustomize.Run(mem, "/render")
	if err != nil {
		return nil, s.FieldError("target.manifests", fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	out := &Rendered{}
	for _, r := range res.Resources() {
		out.Objects = append(out.Objects, r.GetKind()+"/"+r.GetName())
	}
	if err := s.checkObjects(res); err != nil {
		return nil, err
	}
	if out.YAML, err = res.AsYaml(); err != nil {
		return nil, fmt.Errorf("rendering manifests: %w", err)
	}
	return out, nil
}

// manifestReadTimeout bounds reading one manifest file: at most 16 MiB
// of a regular file takes well under a second; a file of /proc that
// waits for data (/proc/kmsg) is given up.
const manifestReadTimeout = 30 * time.Second

// readManifest returns a YAML file as it is (a regular file of at most
// MaxFileSize), or a kustomize folder built.
func (s *Spec) readManifest(p string) ([]byte, error) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.Dir, p)
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, p)
	}
	if !st.IsDir() {
		ctx, cancel := context.WithTimeout(context.Background(), manifestReadTimeout)
		defer cancel()
		return ReadFile(ctx, p)
	}
	res, err := kustomize.Run(filesys.MakeFsOnDisk(), p)
	if err != nil {
		return nil, fmt.Errorf("%w: kustomize build %s: %w", ErrInvalid, p, err)
	}
	return res.AsYaml()
}

// checkObjects finds in the rendered objects what the scenarios rely on.
func (s *Spec) checkObjects(res resmap.ResMap) error {
	t := s.Target
	var deploy, service bool
	name := t.ServiceName()
	for _, r := range res.Resources() {
		data, err := r.AsYAML()
		if err != nil {
			return fmt.Errorf("rendering manifests: %w", err)
		}
		switch r.GetKind() {
		case "Namespace":
			return s.FieldError("target.manifests", fmt.Errorf("%w: Namespace %q: the run creates target.namespace itself", ErrInvalid, r.GetName()))
		case "Deployment":
			if r.GetName() != t.Deployment {
				continue
			}
			deploy = true
			if err := s.checkPods(data); err != nil {
				return err
			}
		case "Service":
			if r.GetName() != name && (t.NodePort == 0 || t.Service != "") {
				continue
			}
			if ok, err := exposes(data, t.NodePort, t.Port); err != nil {
				return fmt.Errorf("rendering manifests: Service %q: %w", r.GetName(), err)
			} else if ok {
				service = true
			}
		}
	}
	if !deploy {
		return s.FieldError("target.deployment", fmt.Errorf("%w: no Deployment %q in the manifests", ErrNotFound, t.Deployment))
	}
	switch {
	case !service && t.NodePort == 0:
		return s.FieldError("target.port", fmt.Errorf("%w: no Service %q in the manifests has port %d", ErrNotFound, name, t.Port))
	case !service:
		return s.FieldError("target.nodePort", fmt.Errorf("%w: no Service in the manifests has nodePort %d", ErrNotFound, t.NodePort))
	}
	return nil
}
