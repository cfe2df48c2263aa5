package fault

// Scope is what a fault disturbs: the target workload of its Env, or the
// cluster every workload shares.
type Scope int

const (
	// ScopeTarget faults act on their Env's workload (its pods, its
	// Deployment, its Service's load): a run with several tenants injects
	// them once per tenant, on the same seeded schedule.
	ScopeTarget Scope = iota
	// ScopeCluster faults act on what every workload shares (a node, the
	// control plane, the pod network's enforcer): a run with several
	// tenants injects them once, and each tenant sees the same fault.
	ScopeCluster
)

// Scoped is implemented by faults whose scope is not ScopeTarget.
type Scoped interface {
	Scope() Scope
}

// ScopeOf returns a fault's scope: ScopeTarget unless it says otherwise.
func ScopeOf(f Fault) Scope {
	if s, ok := f.(Scoped); ok {
		return s.Scope()
	}
	return ScopeTarget
}

// Workload is one tenant's workload, for cluster faults that choose their
// victim so as to reach every tenant (Env.Workloads).
type Workload struct {
	Namespace string
	Selector  map[string]string
}
