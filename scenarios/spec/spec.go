package spec

import (
	"fmt"
	"time"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/scenarios"
)

// Defaults applied to the zero fields of a Spec.
const (
	DefaultName    = "resilience run"
	DefaultWorkers = kind.DefaultWorkers
	DefaultRate    = scenarios.Rate
	DefaultScale   = 1.0
	DefaultWeight  = 1
	// DefaultMinReady (0) takes the ready pods a drain must keep from the
	// target's own PodDisruptionBudget; a target without one FAILs PDB.
	DefaultMinReady = 0
)

// Spec describes a run: the cluster, the target, its SLO and the
// checklist items to prove. Relative paths in it are relative to Dir.
type Spec struct {
	// Name titles the report.
	Name    string  `yaml:"name"`
	Cluster Cluster `yaml:"cluster"`
	Target  Target  `yaml:"target"`
	// Targets are several services judged side by side, each described
	// as Target describes one: every scenario deploys them all as tenants
	// of one run, each in its own namespace on its own NodePort with its
	// own load and verdicts, under one fault schedule. Give Target or
	// Targets, not both.
	Targets []Target `yaml:"targets"`
	// Load says where the load comes from: this machine (the default) or
	// attacker pods inside the cluster.
	Load LoadFrom `yaml:"load"`
	SLO  SLO      `yaml:"slo"`
	// Items are the checklist items to prove; empty proves every item of
	// the chosen scenarios.
	Items []string `yaml:"items"`
	// Scale stretches every phase and fault (nightly: 3 or 10); 0 takes
	// DefaultScale.
	Scale float64 `yaml:"scale"`
	// Seed drives every random choice of the scenarios.
	Seed int64 `yaml:"seed"`
	// Scenarios are composed by the user from the faults and checks
	// `resilience list` shows; each runs beside the built-in scenarios,
	// by its name.
	Scenarios []Scenario `yaml:"scenarios"`

	// Dir is the folder relative paths start from.
	Dir string `yaml:"-"`
	// lines maps a field's path ("target.nodePort") to its line.
	lines map[string]int
	// targetPath is where Target came from in the file: "target", or
	// "targets[1]" in a tenant of a spec with several (see Tenants).
	targetPath string
}

// MaxTargets is how many targets a spec may judge side by side.
const MaxTargets = 6

// Tenants returns one spec per target: the spec itself when it has one
// target, else a copy per entry of Targets whose Target is that entry and
// whose errors name it ("targets[1].nodePort").
func (s *Spec) Tenants() []*Spec {
	if len(s.Targets) == 0 {
		return []*Spec{s}
	}
	out := make([]*Spec, len(s.Targets))
	for i, t := range s.Targets {
		c := *s
		c.Target, c.Targets, c.targetPath = t, nil, fmt.Sprintf("targets[%d]", i)
		out[i] = &c
	}
	return out
}

// Cluster is the kind cluster a run makes or reuses.
type Cluster struct {
	Name    string `yaml:"name"`
	Workers int    `yaml:"workers"`
}

// Target is the workload under test and how to deploy it.
type Target struct {
	// Namespace is created for the run and deleted after it.
	Namespace string `yaml:"namespace"`
	// Manifests are kustomize folders or YAML files.
	Manifests []string `yaml:"manifests"`
	// Images are built or loaded into the cluster before deploying.
	Images []Image `yaml:"images"`
	// Deployment names the Deployment; its Service, PDB and HPA share the
	// name.
	Deployment string            `yaml:"deployment"`
	Selector   map[string]string `yaml:"selector"`
	// NodePort is the Service's node port, mapped to 127.0.0.1: load from
	// this machine goes there. A target reached only through its Service
	// leaves it out and takes its load from the cluster (load.from:
	// cluster) at Service:Port.
	NodePort int `yaml:"nodePort"`
	// Service is the target's Service (default: Deployment's name) and
	// Port the Service's port the attackers aim at (required without
	// NodePort; with it, the port behind the NodePort).
	Service string `yaml:"service"`
	Port    int    `yaml:"port"`
	// Paths make the steady load; WorkPath is the CPU-heavy request of
	// the autoscaling burst.
	Paths    []Path `yaml:"paths"`
	WorkPath string `yaml:"workPath"`
	// Rate is the steady load in requests per second; 0 takes DefaultRate.
	Rate int `yaml:"rate"`
	// MinReady is the ready pods a drain must keep; 0 takes the PDB's own
	// promise (its desired healthy pods).
	MinReady int `yaml:"minReady"`
	HPA      HPA `yaml:"hpa"`
	// AdmittedClient are the labels of a client pod the target's
	// NetworkPolicies admit; the network-policy scenario starts one
	// (default golive.io/client: allowed).
	AdmittedClient map[string]string `yaml:"admittedClient"`
	// State are the requests that write and read one key, for the
	// statelessness proof; without them that item is SKIP.
	State State `yaml:"state"`
	// Dependency is a backend the target calls on some paths; without it
	// the dependency-outage scenario does not run.
	Dependency Dependency `yaml:"dependency"`
}

// State names a target's write and read paths for one key: each holds
// "{key}". The write sends the value as its body (PUT unless Method says
// POST); the read must answer 200 with the value.
type State struct {
	Write  string `yaml:"write"`
	Read   string `yaml:"read"`
	Method string `yaml:"method"`
}

// Image is a container image the manifests name. Exactly one of Build and
// Load is set.
type Image struct {
	// Name is the image as the manifests write it, without tag; the
	// rendered manifests use the built or loaded reference instead.
	Name string `yaml:"name"`
	// Build is a Go package (a path relative to Dir, or an import path
	// resolved from Dir) compiled statically into a FROM-scratch image:
	// the user's own code, compiled and run. It is never a flag (no
	// leading "-", no spaces).
	Build string `yaml:"build"`
	// Load is a local Docker image loaded into the nodes as it is.
	Load string `yaml:"load"`
}

// Path is one request of the steady load and its share.
type Path struct {
	Path string `yaml:"path"`
	// Weight is the path's share of the load; 0 takes DefaultWeight.
	Weight int `yaml:"weight"`
	// P99 is this path's latency SLO; zero takes slo.p99.
	P99 time.Duration `yaml:"p99"`
}

// HPA is what the autoscaling scenario must see: at least Min replicas
// under the burst, back to Back after it.
type HPA struct {
	Min  int `yaml:"min"`
	Back int `yaml:"back"`
	// Burst is the workPath requests per second the burst adds (default
	// scenarios.BurstRate); Within bounds the scale-out, from the burst's
	// start to Min pods Ready (default: the metrics pipeline's and the
	// HPA's own periods, 70 s).
	Burst  int           `yaml:"burst"`
	Within time.Duration `yaml:"within"`
}

// SLO is the service level each phase must keep; zero fields take the
// suite's defaults.
type SLO struct {
	Availability float64       `yaml:"availability"`
	P99          time.Duration `yaml:"p99"`
}

// ServiceName is the target's Service: Service, else the Deployment's name.
func (t Target) ServiceName() string {
	if t.Service != "" {
		return t.Service
	}
	return t.Deployment
}

// ScenarioTarget returns the target as the scenarios take it.
func (s *Spec) ScenarioTarget() scenarios.Target {
	t := s.Target
	out := scenarios.Target{Namespace: t.Namespace, Deployment: t.Deployment, Selector: t.Selector,
		NodePort: t.NodePort, Service: t.Service, ServicePort: t.Port, WorkPath: t.WorkPath, Rate: t.Rate, MinReady: t.MinReady,
		HPAMin: t.HPA.Min, HPABack: t.HPA.Back, BurstRate: t.HPA.Burst, HPAWithin: t.HPA.Within, Admitted: t.AdmittedClient,
		State:      scenarios.StatePaths{Write: t.State.Write, Read: t.State.Read, WriteMethod: t.State.Method},
		Dependency: t.Dependency.scenarioDependency()}
	for _, p := range t.Paths {
		out.Paths = append(out.Paths, scenarios.Path{Path: p.Path, Weight: p.Weight, P99: p.P99})
	}
	return out
}

// Config returns the scenarios' configuration for this spec.
func (s *Spec) Config() scenarios.Config {
	return scenarios.Config{Target: s.ScenarioTarget(), Seed: s.Seed, Scale: s.Scale,
		Availability: s.SLO.Availability, P99: s.SLO.P99, Custom: s.Customs()}
}
