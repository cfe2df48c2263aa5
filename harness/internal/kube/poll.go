package kube

import (
	"context"
	"fmt"
	"time"
)

// Poll calls cond now and then every interval until it returns true, an
// error, or ctx ends. It is for conditions no watch can report (an API
// server that does not answer, packet counters); everything else waits
// with Until.
func Poll(ctx context.Context, every time.Duration, cond func(context.Context) (bool, error)) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		ok, err := cond(ctx)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("polling: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
