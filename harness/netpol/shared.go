package netpol

import (
	"context"
	"sync"

	"k8s.io/client-go/kubernetes"
)

// Whether a cluster enforces NetworkPolicy is the cluster's property, not
// a tenant's: the probes of one run (several tenants, one RunID) share one
// self-test instead of racing for its namespace and the nodes' CPU.
var (
	selfTestsMu sync.Mutex
	selfTests   = map[string]*sharedSelfTest{}
)

type sharedSelfTest struct {
	done chan struct{}
	enf  Enforcement
	err  error
}

// selfTestOnce runs SelfTest once per o.RunID (every call when it is
// empty); calls that find it running wait for its result. A failed self-test
// is not kept: the next call tries again.
func selfTestOnce(ctx context.Context, cs kubernetes.Interface, o SelfTestOptions) (Enforcement, error) {
	return once(ctx, o.RunID, func() (Enforcement, error) { return SelfTest(ctx, cs, o) })
}

// once runs test once per runID, as selfTestOnce describes.
func once(ctx context.Context, runID string, test func() (Enforcement, error)) (Enforcement, error) {
	if runID == "" {
		return test()
	}
	selfTestsMu.Lock()
	s, ok := selfTests[runID]
	if !ok {
		s = &sharedSelfTest{done: make(chan struct{})}
		selfTests[runID] = s
	}
	selfTestsMu.Unlock()
	if !ok {
		s.enf, s.err = test()
		if s.err != nil {
			selfTestsMu.Lock()
			delete(selfTests, runID)
			selfTestsMu.Unlock()
		}
		close(s.done)
		return s.enf, s.err
	}
	select {
	case <-s.done:
		return s.enf, s.err
	case <-ctx.Done():
		return Enforcement{}, ctx.Err()
	}
}
