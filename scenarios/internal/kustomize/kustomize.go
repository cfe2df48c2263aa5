// Package kustomize runs kustomize builds one at a time: kustomize keeps
// its OpenAPI schema in package globals that it loads and swaps without a
// lock, so two builds at once race (the suite deploys variants side by
// side, and go test -race reports it).
package kustomize

import (
	"sync"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

var mu sync.Mutex

// Run builds the kustomization at path in fsys with the default options.
func Run(fsys filesys.FileSystem, path string) (resmap.ResMap, error) {
	mu.Lock()
	defer mu.Unlock()
	return krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fsys, path)
}
