package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// StatePaths are a target's write and read requests for one key: URLs
// with "{key}" where the key goes. The write is a PUT (or WriteMethod)
// whose body is the value; the read is a GET that must answer 200 with
// the value as its body. The pod that took a write is read from the
// response's X-Served-By header, else from a body of the form "ok <pod>".
type StatePaths struct {
	Write, Read string
	WriteMethod string
	// Unreachable, when set, says why the probe cannot reach the target
	// from this machine: both steps are then unsupported with this reason.
	Unreachable string
}

// StateKeys is how many keys a state probe writes: spread over a few
// pods by the Service, enough that each pod takes several.
const StateKeys = 24

// StateProbe proves statelessness: its Write step writes keys through the
// Service, its Read step (after the pod faults replaced pods) reads them
// back; checks.Stateless judges the two notes. Without paths both steps
// are unsupported, and the check says so.
type StateProbe struct {
	Paths StatePaths
	mu    sync.Mutex
	vals  map[string]string // key → value written
}

// Write is the probe's first step.
func (p *StateProbe) Write() fault.Fault { return stateStep{p, true} }

// Read is the probe's second step.
func (p *StateProbe) Read() fault.Fault { return stateStep{p, false} }

type stateStep struct {
	p     *StateProbe
	write bool
}

var _ fault.Fault = stateStep{}

// Name is "state-write" or "state-read".
func (s stateStep) Name() string {
	if s.write {
		return "state-write"
	}
	return "state-read"
}

var stateClient = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// stateTries bounds the tries of one write or read: a request that got no
// answer (a timeout, a connection refused or reset while a replaced pod
// leaves the Service) or a 5xx says nothing about the state, so it is
// tried again, stateRetryPause apart; a 404 or another value is final.
const (
	stateTries      = 3
	stateRetryPause = time.Second
)

// retry calls do until it says its answer is final or stateTries are
// spent, and returns the last answer.
func retry[T any](ctx context.Context, do func() (T, bool)) T {
	var got T
	for i := range stateTries {
		var final bool
		if got, final = do(); final || i == stateTries-1 {
			break
		}
		select {
		case <-ctx.Done():
			return got
		case <-time.After(stateRetryPause):
		}
	}
	return got
}

// transient says whether a request's outcome is worth another try.
func transient(err error, status int) bool { return err != nil || status >= 500 }

// Inject writes or reads the keys and records the note the check reads.
func (s stateStep) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	p := s.p
	if p.Paths.Unreachable != "" {
		return fmt.Errorf("%w: %s", fault.ErrUnsupported, p.Paths.Unreachable)
	}
	if p.Paths.Write == "" || p.Paths.Read == "" {
		return fmt.Errorf("%w: no state paths given", fault.ErrUnsupported)
	}
	attrs := map[string]string{}
	if s.write {
		p.mu.Lock()
		p.vals = map[string]string{}
		p.mu.Unlock()
		var failed []string
		for i := range StateKeys {
			key := fmt.Sprintf("golive-%s-%d", env.RunID, i)
			val := fmt.Sprintf("value-%d-%d", i, time.Now().UnixNano())
			pod, err := stateWrite(ctx, p.Paths, key, val)
			if err != nil {
				failed = append(failed, err.Error())
				continue
			}
			p.mu.Lock()
			p.vals[key] = val
			p.mu.Unlock()
			attrs[checks.AttrKeyPrefix+key] = pod
		}
		if len(failed) > 0 {
			// The probe observes; it does not fail the run's faults.
			attrs[checks.AttrStateErrors] = fmt.Sprintf("%d writes failed, first: %s", len(failed), failed[0])
		}
		env.Emit(timeline.Event{Kind: timeline.KindInject, Source: s.Name(), Attrs: attrs,
			Message: fmt.Sprintf("%s: %d keys through %s", checks.MsgStateWritten, len(attrs), strings.ReplaceAll(p.Paths.Write, "{key}", "…"))})
		env.Emit(timeline.Event{Kind: timeline.KindNote, Source: s.Name(), Attrs: attrs, Message: checks.MsgStateWritten})
		return nil
	}
	p.mu.Lock()
	vals := p.vals
	p.mu.Unlock()
	for key, val := range vals {
		attrs[checks.AttrKeyPrefix+key] = stateRead(ctx, p.Paths, key, val)
	}
	env.Emit(timeline.Event{Kind: timeline.KindNote, Source: s.Name(), Attrs: attrs, Message: checks.MsgStateRead})
	return nil
}

func stateURL(tmpl, key string) string { return strings.ReplaceAll(tmpl, "{key}", key) }

// stateWrite writes key and returns the pod that took it.
func stateWrite(ctx context.Context, paths StatePaths, key, val string) (string, error) {
	type answer struct {
		pod string
		err error
	}
	a := retry(ctx, func() (answer, bool) {
		pod, status, err := stateWriteOnce(ctx, paths, key, val)
		return answer{pod, err}, ctx.Err() != nil || !transient(err, status)
	})
	return a.pod, a.err
}

// stateWriteOnce is one try of stateWrite; it returns the answer's status
// too (0 when there was none).
func stateWriteOnce(ctx context.Context, paths StatePaths, key, val string) (string, int, error) {
	method := paths.WriteMethod
	if method == "" {
		method = http.MethodPut
	}
	req, err := http.NewRequestWithContext(ctx, method, stateURL(paths.Write, key), strings.NewReader(val))
	if err != nil {
		return "", 0, err
	}
	resp, err := stateClient.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return "", resp.StatusCode, fmt.Errorf("write %s: %s: %s", key, resp.Status, strings.TrimSpace(string(body)))
	}
	if pod := resp.Header.Get("X-Served-By"); pod != "" {
		return pod, resp.StatusCode, nil
	}
	if f := strings.Fields(string(body)); len(f) == 2 && f[0] == "ok" {
		return f[1], resp.StatusCode, nil
	}
	return "unknown", resp.StatusCode, nil
}

// stateRead reads key back: checks.ReadOK, or what went wrong on the
// last try.
func stateRead(ctx context.Context, paths StatePaths, key, want string) string {
	return retry(ctx, func() (string, bool) {
		got, status, err := stateReadOnce(ctx, paths, key, want)
		return got, ctx.Err() != nil || !transient(err, status)
	})
}

// stateReadOnce is one try of stateRead; it returns the answer's status
// (0 when there was none) and the error that kept it from coming.
func stateReadOnce(ctx context.Context, paths StatePaths, key, want string) (string, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, stateURL(paths.Read, key), nil)
	if err != nil {
		return err.Error(), 0, nil
	}
	resp, err := stateClient.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return "timed out", 0, err
		}
		return "error: " + err.Error(), 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	via := ""
	if pod := resp.Header.Get("X-Served-By"); pod != "" {
		via = " via " + pod
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return "not found" + via, resp.StatusCode, nil
	case resp.StatusCode != http.StatusOK:
		return resp.Status + via, resp.StatusCode, nil
	case string(body) != want:
		return "a different value" + via, resp.StatusCode, nil
	}
	return checks.ReadOK, resp.StatusCode, nil
}

// String is how a plan prints the step.
func (s stateStep) String() string {
	switch {
	case s.p.Paths.Unreachable != "":
		return "{" + s.p.Paths.Unreachable + ": statelessness SKIP}"
	case s.p.Paths.Write == "":
		return "{no state paths: statelessness SKIP}"
	case s.write:
		return fmt.Sprintf("{%d keys via %s}", StateKeys, s.p.Paths.Write)
	default:
		return fmt.Sprintf("{read back via %s}", s.p.Paths.Read)
	}
}
