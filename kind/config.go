package kind

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
)

// Defaults for Config.
const (
	DefaultName    = "golive"
	DefaultWorkers = 2
	// OwnerLabel marks every node of a cluster this package created.
	OwnerLabel = "golive.io/created-by"
	// OwnerValue is OwnerLabel's value.
	OwnerValue = "resilience"
	// ListenAddress is where port mappings bind: load never leaves the host.
	ListenAddress = "127.0.0.1"
)

// Sentinel errors of Config.Validate.
var (
	ErrNoName        = errors.New("cluster name is empty")
	ErrNoImage       = errors.New("node image is empty")
	ErrBadWorkers    = errors.New("worker count must be between 0 and 10")
	ErrBadPort       = errors.New("port mapping out of range")
	ErrDuplicatePort = errors.New("host port mapped twice")
)

// PortMapping exposes a node port of the control-plane node on 127.0.0.1.
type PortMapping struct {
	NodePort int32 // port on the node (a Service NodePort)
	HostPort int32 // port on 127.0.0.1; NodePort when zero
}

// Config describes a cluster: one control-plane node and Workers workers.
type Config struct {
	Name      string
	NodeImage string
	Workers   int
	Ports     []PortMapping
	// APIServerArgs are extra kube-apiserver flags (name without dashes → value).
	APIServerArgs map[string]string
	// ControllerManagerArgs are extra kube-controller-manager flags, e.g.
	// node-monitor-grace-period for a test cluster whose node faults
	// should show sooner than the 50 s default.
	ControllerManagerArgs map[string]string
	// Enforcer is the manifest of a pod network that enforces
	// NetworkPolicy, installed in place of the node image's default CNI.
	// Create fills it from nodeimage.Enforcer (empty for this project's
	// node image, whose default CNI enforces) unless DefaultCNI is set.
	Enforcer   string
	DefaultCNI bool
}

// defaultAPIServerArgs: with aggregator routing, metrics.k8s.io answers as
// soon as its APIService is Available (without it the aggregator sometimes
// answered an empty 404 right after creation).
var defaultAPIServerArgs = map[string]string{"enable-aggregator-routing": "true"}

// Validate checks the config and returns a sentinel error for what is wrong.
func (c Config) Validate() error {
	if c.Name == "" {
		return ErrNoName
	}
	if c.NodeImage == "" {
		return fmt.Errorf("cluster %q: %w", c.Name, ErrNoImage)
	}
	if c.Workers < 0 || c.Workers > 10 {
		return fmt.Errorf("cluster %q: %w (got %d)", c.Name, ErrBadWorkers, c.Workers)
	}
	seen := map[int32]bool{}
	for _, p := range c.Ports {
		host := p.hostPort()
		if p.NodePort < 1 || p.NodePort > 65535 || host < 1 || host > 65535 {
			return fmt.Errorf("cluster %q: %w: %d→%d", c.Name, ErrBadPort, host, p.NodePort)
		}
		if seen[host] {
			return fmt.Errorf("cluster %q: %w: %d", c.Name, ErrDuplicatePort, host)
		}
		seen[host] = true
	}
	return nil
}

func (p PortMapping) hostPort() int32 {
	if p.HostPort == 0 {
		return p.NodePort
	}
	return p.HostPort
}

// V1Alpha4 renders the config as kind's cluster configuration.
func (c Config) V1Alpha4() *v1alpha4.Cluster {
	owner := map[string]string{OwnerLabel: OwnerValue}
	cp := v1alpha4.Node{Role: v1alpha4.ControlPlaneRole, Image: c.NodeImage, Labels: owner}
	for _, p := range c.Ports {
		cp.ExtraPortMappings = append(cp.ExtraPortMappings, v1alpha4.PortMapping{
			ContainerPort: p.NodePort, HostPort: p.hostPort(), ListenAddress: ListenAddress,
			Protocol: v1alpha4.PortMappingProtocolTCP,
		})
	}
	cfg := &v1alpha4.Cluster{
		TypeMeta: v1alpha4.TypeMeta{Kind: "Cluster", APIVersion: "kind.x-k8s.io/v1alpha4"},
		Name:     c.Name,
		Nodes:    []v1alpha4.Node{cp},
	}
	for i := 0; i < c.Workers; i++ {
		cfg.Nodes = append(cfg.Nodes, v1alpha4.Node{Role: v1alpha4.WorkerRole, Image: c.NodeImage, Labels: owner})
	}
	args := map[string]string{}
	for k, v := range defaultAPIServerArgs {
		args[k] = v
	}
	for k, v := range c.APIServerArgs {
		args[k] = v
	}
	cfg.KubeadmConfigPatches = []string{clusterPatch(args, c.ControllerManagerArgs)}
	cfg.Networking.DisableDefaultCNI = c.Enforcer != ""
	v1alpha4.SetDefaultsCluster(cfg)
	return cfg
}

// clusterPatch renders a kubeadm ClusterConfiguration patch with the API
// server's flags and, when there are any, the controller manager's. kind
// renders kubeadm v1beta3 for Kubernetes 1.34, where extraArgs is a map;
// the patch names no apiVersion so that it applies to whichever kind renders.
func clusterPatch(apiServer, controllerManager map[string]string) string {
	var b strings.Builder
	b.WriteString("kind: ClusterConfiguration\n")
	extraArgs(&b, "apiServer", apiServer)
	if len(controllerManager) > 0 {
		extraArgs(&b, "controllerManager", controllerManager)
	}
	return b.String()
}

// extraArgs writes one component's extraArgs, sorted by flag name.
func extraArgs(b *strings.Builder, component string, args map[string]string) {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "%s:\n  extraArgs:\n", component)
	for _, k := range keys {
		fmt.Fprintf(b, "    %s: %q\n", k, args[k])
	}
}
