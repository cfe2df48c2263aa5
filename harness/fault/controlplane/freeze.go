// Package controlplane freezes a control-plane process — the API server or
// etcd — with SIGSTOP through the control-plane node container, proves the
// API no longer answers, and thaws it with SIGCONT on revert: the app must
// keep serving meanwhile. The kubelet's liveness probe restarts a frozen
// API server after about a minute and a half, so keep holds shorter.
package controlplane

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Defaults of Freeze.
const (
	DefaultProcess = "kube-apiserver"
	DefaultTimeout = time.Minute
	// probeTimeout bounds one API request while proving the freeze.
	probeTimeout = 2 * time.Second
	probeEvery   = 500 * time.Millisecond
)

// Processes Freeze may stop, and Sweep thaws.
var Processes = []string{"kube-apiserver", "etcd"}

// ErrBadProcess: Freeze only stops the processes in Processes.
var ErrBadProcess = errors.New("not a control-plane process this fault freezes")

// Freeze stops a control-plane process with SIGSTOP and waits until the
// API does not answer; revert sends SIGCONT and waits until it answers.
type Freeze struct {
	// Process is "kube-apiserver" (default) or "etcd".
	Process string
	// Timeout bounds the wait for the API to stop answering (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Freeze{}

// Name is "control-plane-freeze".
func (f Freeze) Name() string { return "control-plane-freeze" }

// Inject freezes the process and waits until the API stops answering.
func (f Freeze) Inject(ctx context.Context, env *fault.Env, undo *fault.Undo) error {
	if err := env.NodeAccess(); err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	proc := f.Process
	if proc == "" {
		proc = DefaultProcess
	}
	if !strings.Contains(" "+strings.Join(Processes, " ")+" ", " "+proc+" ") {
		return fmt.Errorf("%s: %q: %w", f.Name(), proc, ErrBadProcess)
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cp, err := env.ControlPlane()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	out, err := env.Exec(ctx, cp.Name, "pgrep", "-o", "-x", proc)
	pid := strings.TrimSpace(string(out))
	if err != nil || pid == "" {
		return fmt.Errorf("%s: finding %s on %s: %w", f.Name(), proc, cp.Name, err)
	}
	ref := []timeline.Ref{fault.NodeRef(cp.Name), {Kind: "process", Namespace: cp.Name, Name: proc}}
	if err := undo.Push(fmt.Sprintf("SIGCONT %s (pid %s)", proc, pid), func(ctx context.Context) error {
		if _, err := env.Exec(ctx, cp.Name, "kill", "-CONT", pid); err != nil && !strings.Contains(err.Error(), "No such process") {
			return fmt.Errorf("thawing %s pid %s: %w", proc, pid, err)
		}
		return waitAPI(ctx, env, true)
	}); err != nil {
		return err
	}
	env.Emit(timeline.Event{Kind: timeline.KindInject, Source: f.Name(), Objects: ref, Message: "SIGSTOP " + proc,
		Attrs: map[string]string{"pid": pid}})
	if _, err := env.Exec(ctx, cp.Name, "kill", "-STOP", pid); err != nil {
		return fmt.Errorf("%s: freezing %s pid %s: %w", f.Name(), proc, pid, err)
	}
	if err := waitAPI(ctx, env, false); err != nil {
		return fmt.Errorf("%s: the API still answers with %s frozen: %w: %w", f.Name(), proc, fault.ErrNoEffect, err)
	}
	env.Emit(timeline.Event{Kind: timeline.KindEffect, Source: f.Name(), Objects: ref, Message: "API server not answering"})
	return nil
}

// waitAPI polls the API until it answers (or, with want false, until it
// does not). The API server offers no watch on its own health.
func waitAPI(ctx context.Context, env *fault.Env, want bool) error {
	return kube.Poll(ctx, probeEvery, func(ctx context.Context) (bool, error) {
		return answers(ctx, env) == want, nil
	})
}

// answers reports whether the API server serves a read from etcd in time;
// any API status, even an error status, is an answer.
func answers(ctx context.Context, env *fault.Env) bool {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	_, err := env.Client.CoreV1().Namespaces().Get(ctx, "kube-system", metav1.GetOptions{})
	var status apierrors.APIStatus
	return err == nil || (errors.As(err, &status) && !apierrors.IsTimeout(err) && !apierrors.IsServerTimeout(err))
}

// Scope is fault.ScopeCluster: every workload shares the control plane.
func (Freeze) Scope() fault.Scope { return fault.ScopeCluster }
