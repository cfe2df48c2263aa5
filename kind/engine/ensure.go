package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/golive/resilience/kind/command"
)

// Defaults for Ensure.
const (
	DefaultLogFile       = "/var/log/golive-dockerd.log"
	DefaultCapFilterPath = "/usr/local/libexec/golive/runc-capfilter"
	DefaultDaemonConfig  = "/etc/docker/daemon.json"
	DefaultStartTimeout  = 90 * time.Second
	// CapFilterRuntime is the runtime name registered with dockerd.
	CapFilterRuntime = "golive-capfilter"
	capFilterPackage = "github.com/golive/resilience/cmd/runc-capfilter"
)

// ErrNoEngine is returned when no Docker engine answers and none can be
// installed or started here.
var ErrNoEngine = errors.New("no Docker engine")

type options struct {
	log          *slog.Logger
	logFile      string
	capFilter    string
	daemonConfig string
	timeout      time.Duration
}

// Option configures Ensure.
type Option func(*options)

// WithLogger receives progress messages (discarded by default).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithLogFile sets where a dockerd started by Ensure writes its log.
func WithLogFile(path string) Option { return func(o *options) { o.logFile = path } }

// WithCapFilterPath sets where the capability-filtering runtime is installed.
func WithCapFilterPath(path string) Option { return func(o *options) { o.capFilter = path } }

// WithStartTimeout bounds how long Ensure waits for a started engine to answer.
func WithStartTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// Ensure returns nil once a Docker engine answers. Where none answers and the
// machine is Debian with root, it installs docker.io with apt-get, starts
// dockerd in the background (log in DefaultLogFile) and waits for it. Where
// the capability bounding set lacks capabilities, it registers the
// capability-filtering runtime as dockerd's default — only then. It is
// idempotent: a second call on a ready machine changes nothing.
func Ensure(ctx context.Context, opts ...Option) error {
	o := options{
		log:          slog.New(slog.DiscardHandler),
		logFile:      DefaultLogFile,
		capFilter:    DefaultCapFilterPath,
		daemonConfig: DefaultDaemonConfig,
		timeout:      DefaultStartTimeout,
	}
	for _, opt := range opts {
		opt(&o)
	}
	b, err := ReadBounding()
	if err != nil {
		return err
	}
	missing := b.Missing()
	if answers(ctx) {
		if len(missing) == 0 || defaultRuntime(ctx) == CapFilterRuntime {
			o.log.Info("docker engine answers")
			return nil
		}
		o.log.Info("registering capability filter", "missing", missing)
		if err := o.registerFilter(ctx); err != nil {
			return err
		}
		return o.reload(ctx)
	}
	if _, err := exec.LookPath("dockerd"); err != nil {
		if err := o.install(ctx); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		o.log.Info("registering capability filter", "missing", missing)
		if err := o.registerFilter(ctx); err != nil {
			return err
		}
	}
	return o.start(ctx)
}

func answers(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := command.Run(ctx, "docker", "info", "--format", "{{.ServerVersion}}")
	return err == nil && strings.TrimSpace(string(out)) != ""
}

func defaultRuntime(ctx context.Context) string {
	out, err := command.Run(ctx, "docker", "info", "--format", "{{.DefaultRuntime}}")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func (o options) install(ctx context.Context) error {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return fmt.Errorf("%w answers and none can be installed: apt-get not found (install Docker Engine and start it)", ErrNoEngine)
	}
	if _, err := os.Stat("/etc/debian_version"); err != nil {
		return fmt.Errorf("%w answers and none can be installed: not a Debian system (install Docker Engine and start it)", ErrNoEngine)
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w answers and installing docker.io needs root (run as root or start Docker Engine)", ErrNoEngine)
	}
	o.log.Info("installing docker.io with apt-get")
	env := []string{"DEBIAN_FRONTEND=noninteractive"}
	if _, err := (command.Cmd{Name: "apt-get", Args: []string{"install", "-y", "-q", "docker.io"}, Env: env}).Run(ctx); err != nil {
		// A fresh machine may have no package lists yet.
		if _, uerr := (command.Cmd{Name: "apt-get", Args: []string{"update", "-q"}, Env: env}).Run(ctx); uerr != nil {
			return fmt.Errorf("%w: apt-get update: %w", ErrNoEngine, uerr)
		}
		if _, err := (command.Cmd{Name: "apt-get", Args: []string{"install", "-y", "-q", "docker.io"}, Env: env}).Run(ctx); err != nil {
			return fmt.Errorf("%w: installing docker.io: %w", ErrNoEngine, err)
		}
	}
	return nil
}

// registerFilter builds the filter runtime and names it dockerd's default in
// daemon.json, keeping every other setting there.
func (o options) registerFilter(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(o.capFilter), 0o755); err != nil {
		return fmt.Errorf("installing capability filter: %w", err)
	}
	if _, err := (command.Cmd{Name: "go", Args: []string{"build", "-o", o.capFilter, capFilterPackage},
		Env: []string{"CGO_ENABLED=0"}}).Run(ctx); err != nil {
		return fmt.Errorf("building capability filter runtime: %w", err)
	}
	cfg := map[string]any{}
	if b, err := os.ReadFile(o.daemonConfig); err == nil && len(strings.TrimSpace(string(b))) > 0 {
		if err := json.Unmarshal(b, &cfg); err != nil {
			return fmt.Errorf("reading %s: %w", o.daemonConfig, err)
		}
	}
	runtimes, _ := cfg["runtimes"].(map[string]any)
	if runtimes == nil {
		runtimes = map[string]any{}
	}
	runtimes[CapFilterRuntime] = map[string]any{"path": o.capFilter}
	cfg["runtimes"] = runtimes
	cfg["default-runtime"] = CapFilterRuntime
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", o.daemonConfig, err)
	}
	if err := os.MkdirAll(filepath.Dir(o.daemonConfig), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", o.daemonConfig, err)
	}
	if err := os.WriteFile(o.daemonConfig, append(out, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", o.daemonConfig, err)
	}
	return nil
}

// reload asks a running dockerd to re-read daemon.json and waits until it
// reports the filter as its default runtime.
func (o options) reload(ctx context.Context) error {
	b, err := os.ReadFile("/var/run/docker.pid")
	if err != nil {
		return fmt.Errorf("reloading dockerd: %w", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("reloading dockerd: bad pid file: %w", err)
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		return fmt.Errorf("reloading dockerd (pid %d): %w", pid, err)
	}
	return o.waitFor(ctx, func() bool { return defaultRuntime(ctx) == CapFilterRuntime }, nil)
}

// start runs dockerd detached from this process, logging to o.logFile.
func (o options) start(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(o.logFile), 0o755); err != nil {
		return fmt.Errorf("starting dockerd: %w", err)
	}
	logf, err := os.OpenFile(o.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("starting dockerd: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command("dockerd")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: starting dockerd: %w", ErrNoEngine, err)
	}
	o.log.Info("started dockerd", "pid", cmd.Process.Pid, "log", o.logFile)
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	return o.waitFor(ctx, func() bool { return answers(ctx) }, exited)
}

// waitFor polls cond until it holds, the timeout passes, or exited closes.
func (o options) waitFor(ctx context.Context, cond func() bool, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		if cond() {
			o.log.Info("docker engine answers")
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("%w: dockerd exited: %s", ErrNoEngine, logTail(o.logFile))
		case <-ctx.Done():
			return fmt.Errorf("%w: dockerd did not answer within %s: %s", ErrNoEngine, o.timeout, logTail(o.logFile))
		case <-tick.C:
		}
	}
}

func logTail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no log)"
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > 600 {
		_, _ = f.Seek(-600, io.SeekEnd)
	}
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return "last log line: " + lines[len(lines)-1]
}
