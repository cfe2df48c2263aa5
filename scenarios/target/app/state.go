package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// MaxValue is the largest value, in bytes, /state and /kv accept (64 KiB).
const MaxValue = 64 << 10

// errNoStore is the state error of an app with neither a store nor memory
// state: a configuration mistake, answered 503.
var errNoStore = errors.New("no state store configured")

// stateBackend keeps the app's state. Every error but errNoStore means
// the store failed (answered 502).
type stateBackend interface {
	get(ctx context.Context, key string) (value []byte, found bool, err error)
	put(ctx context.Context, key string, value []byte) error
	// ping calls the store once (nil for state kept in memory).
	ping(ctx context.Context) error
}

var (
	_ stateBackend = (*memoryState)(nil)
	_ stateBackend = (*remoteState)(nil)
	_ stateBackend = noState{}
)

func newStateBackend(cfg Config) stateBackend {
	switch {
	case cfg.State == StateMemory:
		return newMemoryState()
	case cfg.StoreURL != "":
		return &remoteState{base: cfg.StoreURL, client: &http.Client{Timeout: cfg.StoreTimeout}}
	}
	return noState{}
}

// memoryState keeps values in the process: the store's own map, and the
// app's in the in-memory-state defect.
type memoryState struct {
	mu     sync.RWMutex
	values map[string][]byte
}

func newMemoryState() *memoryState { return &memoryState{values: map[string][]byte{}} }

func (m *memoryState) get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.values[key]
	return v, ok, nil
}

// put keeps value, which the caller must not change afterwards.
func (m *memoryState) put(_ context.Context, key string, value []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = value
	return nil
}

// remoteState keeps values in the store at base (a Server in Store mode).
type remoteState struct {
	base   string
	client *http.Client // its Timeout bounds every call
}

func (s *remoteState) url(key string) string { return s.base + "/kv/" + url.PathEscape(key) }

func (s *remoteState) get(ctx context.Context, key string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url(key), nil)
	if err != nil {
		return nil, false, fmt.Errorf("state store: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, false, fmt.Errorf("state store: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		v, err := io.ReadAll(io.LimitReader(resp.Body, MaxValue+1))
		switch {
		case err != nil:
			return nil, false, fmt.Errorf("state store: reading the value of %q: %w", key, err)
		case len(v) > MaxValue:
			return nil, false, fmt.Errorf("state store: the value of %q is larger than %d bytes", key, MaxValue)
		}
		return v, true, nil
	case http.StatusNotFound:
		drain(resp.Body)
		return nil, false, nil
	}
	drain(resp.Body)
	return nil, false, fmt.Errorf("state store: GET %s answered %s", req.URL.Path, resp.Status)
}

func (s *remoteState) put(ctx context.Context, key string, value []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, s.url(key), bytes.NewReader(value))
	if err != nil {
		return fmt.Errorf("state store: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("state store: %w", err)
	}
	defer resp.Body.Close()
	drain(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("state store: PUT %s answered %s", req.URL.Path, resp.Status)
	}
	return nil
}

func (*memoryState) ping(context.Context) error { return nil }

// pingKey is the key ping reads: found or not, the store answered.
const pingKey = "golive-ping"

// ping reads one key from the store, bounded by the client's timeout:
// the store answered when it says the value or that there is none.
func (s *remoteState) ping(ctx context.Context) error {
	_, _, err := s.get(ctx, pingKey)
	return err
}

// drain reads a little of a body that is not used so that its connection
// can be reused.
func drain(r io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(r, 4<<10)) }

// noState is the backend of an app given no store.
type noState struct{}

func (noState) get(context.Context, string) ([]byte, bool, error) { return nil, false, errNoStore }
func (noState) put(context.Context, string, []byte) error         { return errNoStore }
func (noState) ping(context.Context) error                        { return errNoStore }

// statePut keeps the body as the value of {key}: 200 "ok <host>".
func (s *Server) statePut(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Served-By", s.host)
	v, ok := readValue(w, r)
	if !ok {
		return
	}
	if err := s.state.put(r.Context(), r.PathValue("key"), v); err != nil {
		stateError(w, err)
		return
	}
	fmt.Fprintf(w, "ok %s\n", s.host)
}

// stateGet answers the value of {key}, or 404.
func (s *Server) stateGet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Served-By", s.host)
	v, ok, err := s.state.get(r.Context(), r.PathValue("key"))
	switch {
	case err != nil:
		stateError(w, err)
	case !ok:
		http.Error(w, "no such key", http.StatusNotFound)
	default:
		writeValue(w, v)
	}
}

// stateError answers a backend's error on one line: 503 without a
// store, 502 when the store failed.
func stateError(w http.ResponseWriter, err error) {
	code := http.StatusBadGateway
	if errors.Is(err, errNoStore) {
		code = http.StatusServiceUnavailable
	}
	http.Error(w, strings.ReplaceAll(err.Error(), "\n", " "), code)
}

// readValue reads a request's body of at most MaxValue bytes; it answers
// 413 for a larger one and reports false.
func readValue(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	v, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxValue))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(w, fmt.Sprintf("value larger than %d bytes", MaxValue), http.StatusRequestEntityTooLarge)
		return nil, false
	case err != nil:
		http.Error(w, "reading the value: "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	return v, true
}

// writeValue answers 200 with exactly v.
func writeValue(w http.ResponseWriter, v []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(v)))
	_, _ = w.Write(v)
}
