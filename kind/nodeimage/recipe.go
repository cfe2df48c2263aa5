package nodeimage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// DefaultKubernetesVersion is the version built when none is given: the
// newest whose kubelet still runs on cgroup v1 hosts without extra settings.
const DefaultKubernetesVersion = "v1.34.4"

// recipeRevision changes whenever the way images are assembled changes, so
// that images built by an older recipe are not reused.
const recipeRevision = "4"

// Labels set on node images built by this package.
const (
	LabelKey        = "io.golive.nodeimage.key"
	LabelKubernetes = "io.golive.nodeimage.kubernetes"
	labelInput      = "io.golive.nodeimage.input."
)

// Repository is where offline-built node images are tagged.
const Repository = "golive/kind-node"

// ErrBadVersion is returned for a Kubernetes version that is not vMAJOR.MINOR.PATCH.
var ErrBadVersion = errors.New("bad Kubernetes version")

// ErrUnsupportedVersion is returned for a Kubernetes minor this package has
// no component table for.
var ErrUnsupportedVersion = errors.New("no offline component table for this Kubernetes minor")

var versionRE = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)$`)

// Components are the versions of everything besides Kubernetes that go into
// a node image for one Kubernetes minor.
type Components struct {
	Etcd        string // module version of go.etcd.io/etcd/server/v3
	EtcdTag     string // image tag kubeadm asks for
	CoreDNS     string
	Pause       string // tag kubeadm asks for; built from the kubernetes module's pause.c
	Crictl      string
	KubeRouter  string
	MetricsSrv  string
	LocalPath   string
	DebianSuite string
}

// componentTable lists what a node image holds per Kubernetes minor. The
// tags are checked against `kubeadm config images list` during the build.
var componentTable = map[string]Components{
	"1.34": {
		Etcd: "v3.6.5", EtcdTag: "3.6.5-0", CoreDNS: "v1.12.1", Pause: "3.10.1",
		Crictl: "v1.34.0", KubeRouter: "v2.1.0", MetricsSrv: "v0.8.0",
		LocalPath: "v0.0.30", DebianSuite: "bookworm",
	},
}

// Recipe is every input of one node image. Its Key changes when any input does.
type Recipe struct {
	Kubernetes string
	Components
	KindVersion  string   // version of sigs.k8s.io/kind whose base files are used
	Mirror       string   // Debian mirror debootstrap fetches from
	NodePackages []string // Debian packages of the node's root filesystem
	SlimPackages []string // Debian packages of the kube-proxy / kube-router base
}

// nodePackages is the node's package set: what kind's base image installs,
// with Debian's containerd, runc and CNI plugins instead of kind's builds.
var nodePackages = []string{
	"systemd", "containerd", "runc", "containernetworking-plugins",
	"conntrack", "iptables", "nftables", "iproute2", "ethtool", "util-linux",
	"mount", "kmod", "libseccomp2", "pigz", "e2fsprogs", "bash",
	"ca-certificates", "jq", "procps", "ipset",
}

// slimPackages is the base of images that program the node's network.
var slimPackages = []string{"iptables", "ipset", "conntrack", "iproute2", "ca-certificates", "busybox-static"}

// NewRecipe returns the recipe for a Kubernetes version.
func NewRecipe(version, kindVersion, mirror string) (Recipe, error) {
	m := versionRE.FindStringSubmatch(version)
	if m == nil {
		return Recipe{}, fmt.Errorf("%w %q: want vMAJOR.MINOR.PATCH", ErrBadVersion, version)
	}
	minor := m[1] + "." + m[2]
	c, ok := componentTable[minor]
	if !ok {
		return Recipe{}, fmt.Errorf("%w: %s (known: %s)", ErrUnsupportedVersion, minor, strings.Join(knownMinors(), ", "))
	}
	return Recipe{
		Kubernetes: version, Components: c, KindVersion: kindVersion, Mirror: mirror,
		NodePackages: nodePackages, SlimPackages: slimPackages,
	}, nil
}

func knownMinors() []string {
	var out []string
	for k := range componentTable {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// StagingVersion is the version of the k8s.io staging modules that goes with
// the Kubernetes version (v1.34.4 → v0.34.4).
func (r Recipe) StagingVersion() string {
	return "v0." + strings.TrimPrefix(r.Kubernetes, "v1.")
}

// Inputs names each input with its version, in a stable order. They become
// the image's labels and the material of its key.
func (r Recipe) Inputs() map[string]string {
	return map[string]string{
		"kubernetes":     r.Kubernetes,
		"etcd":           r.Etcd,
		"coredns":        r.CoreDNS,
		"pause":          r.Pause,
		"crictl":         r.Crictl,
		"kube-router":    r.KubeRouter,
		"metrics-server": r.MetricsSrv,
		"local-path":     r.LocalPath,
		"debian":         r.DebianSuite,
		"kind":           r.KindVersion,
		"mirror":         r.Mirror,
		"node-packages":  strings.Join(r.NodePackages, ","),
		"slim-packages":  strings.Join(r.SlimPackages, ","),
		"recipe":         recipeRevision,
	}
}

// Key is a digest of all inputs.
func (r Recipe) Key() string {
	return hashInputs(r.Inputs())
}

// Tag is the image reference an offline build of this recipe gets.
func (r Recipe) Tag() string {
	return fmt.Sprintf("%s:%s-%s", Repository, r.Kubernetes, r.Key()[:12])
}

func hashInputs(in map[string]string) string {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\n", k, in[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}
