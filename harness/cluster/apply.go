package cluster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
	sigsyaml "sigs.k8s.io/yaml"
)

// FieldManager is the server-side apply field manager of Apply.
const FieldManager = "golive-resilience"

// Apply applies manifests (YAML, several documents allowed) by server-side
// apply with FieldManager, taking ownership of conflicting fields. A
// namespaced object written without a namespace goes to "default".
func (g *Generic) Apply(ctx context.Context, manifests []byte) error {
	objs, err := decode(manifests)
	if err != nil {
		return err
	}
	opts := metav1.ApplyOptions{FieldManager: FieldManager, Force: true}
	for _, obj := range objs {
		res, err := g.resource(obj)
		if err == nil {
			_, err = res.Apply(ctx, obj.GetName(), obj, opts)
		}
		if err != nil {
			return fmt.Errorf("applying %s: %w", describe(obj), err)
		}
	}
	return nil
}

// Remove deletes the manifests' objects in reverse order, in the
// background, ignoring those already gone and kinds the server no longer
// serves. It does not wait for them to go.
func (g *Generic) Remove(ctx context.Context, manifests []byte) error {
	objs, err := decode(manifests)
	if err != nil {
		return err
	}
	bg := metav1.DeletePropagationBackground
	for _, obj := range slices.Backward(objs) {
		res, err := g.resource(obj)
		if err == nil {
			err = res.Delete(ctx, obj.GetName(), metav1.DeleteOptions{PropagationPolicy: &bg})
		}
		if err != nil && !apierrors.IsNotFound(err) && !meta.IsNoMatchError(err) {
			return fmt.Errorf("removing %s: %w", describe(obj), err)
		}
	}
	return nil
}

// resource maps obj's kind to its resource, once more after refreshing
// discovery when the kind is unknown (a CRD or API just installed), and
// gives a namespaced object without a namespace "default".
func (g *Generic) resource(obj *unstructured.Unstructured) (dynamic.ResourceInterface, error) {
	dyn, mapper, err := g.dynamicClients()
	if err != nil {
		return nil, err
	}
	gvk := obj.GroupVersionKind()
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		mapper.Reset()
		m, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, err
	}
	if m.Scope.Name() != meta.RESTScopeNameNamespace {
		return dyn.Resource(m.Resource), nil
	}
	if obj.GetNamespace() == "" {
		obj.SetNamespace(metav1.NamespaceDefault)
	}
	return dyn.Resource(m.Resource).Namespace(obj.GetNamespace()), nil
}

// decode splits manifests into objects, skipping empty documents.
func decode(manifests []byte) ([]*unstructured.Unstructured, error) {
	r := yaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(manifests)))
	var objs []*unstructured.Unstructured
	for n := 1; ; n++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		obj := &unstructured.Unstructured{}
		if err == nil {
			err = sigsyaml.Unmarshal(doc, &obj.Object)
		}
		switch {
		case err != nil:
			return nil, fmt.Errorf("manifest document %d: %w", n, err)
		case len(obj.Object) == 0:
			continue
		case obj.GetAPIVersion() == "" || obj.GetKind() == "" || obj.GetName() == "":
			return nil, fmt.Errorf("manifest document %d: want apiVersion, kind and metadata.name", n)
		}
		objs = append(objs, obj)
	}
}

// describe names an object as errors do: "Deployment shop/web".
func describe(obj *unstructured.Unstructured) string {
	if ns := obj.GetNamespace(); ns != "" {
		return obj.GetKind() + " " + ns + "/" + obj.GetName()
	}
	return obj.GetKind() + " " + obj.GetName()
}
