package app

import (
	"errors"
	"fmt"
	"os"
	"strconv"
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

// Defaults of Config.
const (
	DefaultListen          = ":8080"
	DefaultDrainDelay      = 3 * time.Second
	DefaultShutdownTimeout = 20 * time.Second
)

// Config is the server's behaviour, read from the environment.
type Config struct {
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
}

// ErrBadConfig is returned for an environment value that does not parse.
var ErrBadConfig = errors.New("bad configuration")

// ConfigFromEnv reads TARGET_* variables; unset ones take defaults.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := Config{Listen: DefaultListen, DrainDelay: DefaultDrainDelay, ShutdownTimeout: DefaultShutdownTimeout}
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
	if c.LivenessMaxInFlight, err = integer(getenv, "TARGET_LIVENESS_MAX_INFLIGHT"); err != nil {
		return c, err
	}
	if c.WorkAllocKiB, err = integer(getenv, "TARGET_WORK_ALLOC_KIB"); err != nil {
		return c, err
	}
	return c, nil
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
