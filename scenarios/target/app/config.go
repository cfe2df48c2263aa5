package app

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// ShutdownMode says what the server does on SIGTERM.
type ShutdownMode int

// Shutdown modes.
const (
	// Graceful turns readiness false, keeps serving for DrainDelay so that
	// endpoints and kube-proxy catch up, then stops accepting, closes idle
	// keep-alive connections and lets in-flight requests finish.
	Graceful ShutdownMode = iota
	// Immediate exits at once, dropping in-flight requests (a defect).
	Immediate
)

func (m ShutdownMode) String() string {
	if m == Immediate {
		return "immediate"
	}
	return "graceful"
}

// Mode says what the binary serves.
type Mode int

// Modes.
const (
	// App is the demo target itself.
	App Mode = iota
	// Store is a tiny in-memory key-value store (PUT and GET /kv/{key})
	// that the target keeps its state in.
	Store
)

func (m Mode) String() string {
	if m == Store {
		return "store"
	}
	return "app"
}

// StateBackend says where the app keeps what PUT /state/{key} is given.
type StateBackend int

// State backends.
const (
	// StateStore keeps state in the external store at Config.StoreURL:
	// any replica serves any key, a replaced pod loses nothing.
	StateStore StateBackend = iota
	// StateMemory keeps state in the process (a defect): a replaced pod
	// takes its writes with it, and other replicas never see them.
	StateMemory
)

func (b StateBackend) String() string {
	if b == StateMemory {
		return "memory"
	}
	return "store"
}

// Defaults of Config.
const (
	DefaultListen          = ":8080"
	DefaultDrainDelay      = 3 * time.Second
	DefaultShutdownTimeout = 20 * time.Second
	DefaultStoreTimeout    = 2 * time.Second
)

// Config is the server's behaviour, read from the environment.
type Config struct {
	Mode            Mode
	Listen          string
	Shutdown        ShutdownMode
	DrainDelay      time.Duration // serving after readiness turned false
	ShutdownTimeout time.Duration // bound on waiting for in-flight requests
	// ReadyWhileStopping keeps /readyz at 200 during shutdown (a defect).
	ReadyWhileStopping bool
	// LivenessMaxInFlight > 0 fails /healthz while more requests are in
	// flight (a liveness probe that kills under load: a defect).
	LivenessMaxInFlight int
	// WorkAllocKiB is memory each /work request holds while it runs.
	WorkAllocKiB int
	// State is where the app keeps state; StoreURL (scheme and host, like
	// http://store) is the store's base URL and StoreTimeout bounds each
	// call to it.
	State        StateBackend
	StoreURL     string
	StoreTimeout time.Duration
	// NoStoreTimeout leaves store calls unbounded (TARGET_STORE_TIMEOUT=none,
	// a defect): while the store does not answer, requests hang.
	NoStoreTimeout bool
	// ReadyChecksStore and LiveChecksStore make /readyz and /healthz call
	// the store (defects: a dependency's outage takes every pod out of
	// the Service, or restarts them all).
	ReadyChecksStore, LiveChecksStore bool
	// ErrorRate is the fraction, in [0, 1], of requests to / and /delay
	// answered 500 (a defect when above the SLO's error budget).
	ErrorRate float64
}

// ErrBadConfig is returned for an environment value that does not parse.
var ErrBadConfig = errors.New("bad configuration")

// ConfigFromEnv reads TARGET_* variables; unset ones take defaults.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := Config{Listen: DefaultListen, DrainDelay: DefaultDrainDelay, ShutdownTimeout: DefaultShutdownTimeout,
		StoreTimeout: DefaultStoreTimeout}
	switch v := getenv("TARGET_MODE"); v {
	case "", "app":
	case "store":
		c.Mode = Store
	default:
		return c, fmt.Errorf("%w: TARGET_MODE=%q (app|store)", ErrBadConfig, v)
	}
	if v := getenv("TARGET_LISTEN"); v != "" {
		c.Listen = v
	}
	switch v := getenv("TARGET_SHUTDOWN"); v {
	case "", "graceful":
	case "immediate":
		c.Shutdown = Immediate
	default:
		return c, fmt.Errorf("%w: TARGET_SHUTDOWN=%q (graceful|immediate)", ErrBadConfig, v)
	}
	var err error
	if c.DrainDelay, err = duration(getenv, "TARGET_DRAIN_DELAY", c.DrainDelay); err != nil {
		return c, err
	}
	if c.ShutdownTimeout, err = duration(getenv, "TARGET_SHUTDOWN_TIMEOUT", c.ShutdownTimeout); err != nil {
		return c, err
	}
	if v := getenv("TARGET_READY_WHILE_STOPPING"); v != "" {
		if c.ReadyWhileStopping, err = strconv.ParseBool(v); err != nil {
			return c, fmt.Errorf("%w: TARGET_READY_WHILE_STOPPING=%q", ErrBadConfig, v)
		}
	}
	for key, dst := range map[string]*bool{"TARGET_READY_CHECKS_STORE": &c.ReadyChecksStore, "TARGET_LIVE_CHECKS_STORE": &c.LiveChecksStore} {
		if v := getenv(key); v != "" {
			if *dst, err = strconv.ParseBool(v); err != nil {
				return c, fmt.Errorf("%w: %s=%q", ErrBadConfig, key, v)
			}
		}
	}
	if c.LivenessMaxInFlight, err = integer(getenv, "TARGET_LIVENESS_MAX_INFLIGHT"); err != nil {
		return c, err
	}
	if c.WorkAllocKiB, err = integer(getenv, "TARGET_WORK_ALLOC_KIB"); err != nil {
		return c, err
	}
	switch v := getenv("TARGET_STATE"); v {
	case "", "store":
	case "memory":
		c.State = StateMemory
	default:
		return c, fmt.Errorf("%w: TARGET_STATE=%q (store|memory)", ErrBadConfig, v)
	}
	if c.StoreURL, err = baseURL(getenv, "TARGET_STORE_URL"); err != nil {
		return c, err
	}
	if getenv("TARGET_STORE_TIMEOUT") == "none" {
		c.NoStoreTimeout, c.StoreTimeout = true, 0
	} else if c.StoreTimeout, err = duration(getenv, "TARGET_STORE_TIMEOUT", c.StoreTimeout); err != nil {
		return c, err
	}
	if c.StoreTimeout == 0 && !c.NoStoreTimeout {
		return c, fmt.Errorf("%w: TARGET_STORE_TIMEOUT=%q (a store call needs a bound above 0, or none)", ErrBadConfig, getenv("TARGET_STORE_TIMEOUT"))
	}
	if v := getenv("TARGET_ERROR_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(r) || r < 0 || r > 1 {
			return c, fmt.Errorf("%w: TARGET_ERROR_RATE=%q (a fraction in [0, 1])", ErrBadConfig, v)
		}
		c.ErrorRate = r
	}
	return c, nil
}

// baseURL reads an http(s) URL with a host, without its trailing slash.
func baseURL(getenv func(string) string, key string) (string, error) {
	v := getenv(key)
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: %s=%q (a URL like http://store)", ErrBadConfig, key, v)
	}
	return strings.TrimRight(v, "/"), nil
}

func duration(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%w: %s=%q (a duration like 5s)", ErrBadConfig, key, v)
	}
	return d, nil
}

func integer(getenv func(string) string, key string) (int, error) {
	v := getenv(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s=%q (a non-negative integer)", ErrBadConfig, key, v)
	}
	return n, nil
}
