package netpol

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The tenants of one run share one self-test; a failed one is tried again.
func TestSelfTestOncePerRun(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	release := make(chan struct{})
	test := func() (Enforcement, error) {
		calls.Add(1)
		<-release
		return Enforcement{Enforced: true}, nil
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if e, err := once(context.Background(), "run-a", test); err != nil || !e.Enforced {
				t.Errorf("tenant: %+v, %v", e, err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d self-tests for one run, want 1", n)
	}
	fail := func() (Enforcement, error) { calls.Add(1); return Enforcement{}, errors.New("boom") }
	for range 2 {
		if _, err := once(context.Background(), "run-b", fail); err == nil {
			t.Error("failed self-test: no error")
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d self-tests in all, want 3: a failed one is tried again", n)
	}
}
