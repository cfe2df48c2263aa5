package nodeimage

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
)

// kindStorage is kind's default storage manifest and the images it names,
// as the kind module defines them in pkg/build/nodeimage/const_storage.go.
type kindStorage struct {
	Manifest, ProvisionerImage, HelperImage string
}

// readKindStorage evaluates the constants of kind's const_storage.go, so the
// node image installs exactly the storage kind itself would.
func readKindStorage(kindDir string) (kindStorage, error) {
	path := filepath.Join(kindDir, "pkg", "build", "nodeimage", "const_storage.go")
	consts, err := evalStringConsts(path)
	if err != nil {
		return kindStorage{}, err
	}
	s := kindStorage{
		Manifest:         consts["defaultStorageManifest"],
		ProvisionerImage: consts["storageProvisionerImage"],
		HelperImage:      consts["storageHelperImage"],
	}
	if s.Manifest == "" || s.ProvisionerImage == "" || s.HelperImage == "" {
		return kindStorage{}, fmt.Errorf("reading %s: storage manifest or images not found", path)
	}
	return s, nil
}

// evalStringConsts type-checks one Go file on its own and returns the
// values of its string constants.
func evalStringConsts(path string) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	pkg, err := (&types.Config{}).Check(f.Name.Name, fset, []*ast.File{f}, nil)
	if err != nil {
		return nil, fmt.Errorf("evaluating %s: %w", path, err)
	}
	out := map[string]string{}
	for _, name := range pkg.Scope().Names() {
		if c, ok := pkg.Scope().Lookup(name).(*types.Const); ok && c.Val().Kind() == constant.String {
			out[name] = constant.StringVal(c.Val())
		}
	}
	return out, nil
}

// kubeRouterManifest is kube-router's own generic DaemonSet manifest from its
// module, pointed at the preloaded image.
func kubeRouterManifest(moduleDir, image string) (string, error) {
	path := filepath.Join(moduleDir, "daemonset", "generic-kuberouter.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading kube-router manifest: %w", err)
	}
	m := string(b)
	for old, repl := range map[string]string{
		"image: docker.io/cloudnativelabs/kube-router\n": "image: " + image + "\n",
		"imagePullPolicy: Always":                        "imagePullPolicy: IfNotPresent",
	} {
		if !strings.Contains(m, old) {
			return "", fmt.Errorf("kube-router manifest %s: %q not found", path, strings.TrimSpace(old))
		}
		m = strings.ReplaceAll(m, old, repl)
	}
	return m, nil
}
