package spec

import "fmt"

// Where the load comes from (Load.From).
const (
	// LoadLocal sends the load from this machine to the target's NodePort
	// on 127.0.0.1, which kind maps.
	LoadLocal = "local"
	// LoadCluster sends it from attacker pods inside the cluster to the
	// target's Service by its in-cluster name.
	LoadCluster = "cluster"
)

// Attackers bounds load.attackers.
const (
	DefaultAttackers = 3
	MaxAttackers     = 50
)

// LoadFrom says where every target's load comes from.
type LoadFrom struct {
	// From is LoadLocal (the default) or LoadCluster.
	From string `yaml:"from"`
	// Attackers is how many attacker pods share each target's load when
	// it comes from the cluster (DefaultAttackers when zero).
	Attackers int `yaml:"attackers"`
}

// InCluster says whether the load comes from attacker pods.
func (l LoadFrom) InCluster() bool { return l.From == LoadCluster }

// validateLoadFrom checks the load block.
func (s *Spec) validateLoadFrom() error {
	switch s.Load.From {
	case "", LoadLocal, LoadCluster:
	default:
		return s.FieldError("load.from", fmt.Errorf("%w: %q, want %s or %s", ErrInvalid, s.Load.From, LoadLocal, LoadCluster))
	}
	if a := s.Load.Attackers; a < 0 || a > MaxAttackers {
		return s.FieldError("load.attackers", fmt.Errorf("%w: %d, want 1 to %d; 0 means the default %d", ErrOutOfRange, a, MaxAttackers, DefaultAttackers))
	}
	if s.Load.Attackers > 0 && !s.Load.InCluster() {
		return s.FieldError("load.attackers", fmt.Errorf("%w: attackers send load from the cluster: give load.from: %s", ErrInvalid, LoadCluster))
	}
	return nil
}
