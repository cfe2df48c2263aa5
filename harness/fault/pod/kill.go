package pod

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
)

// Kill sends a signal (SIGKILL by default) to the main process of a
// container of Count target pods through the node's container runtime, as
// the kernel's OOM killer or a crash would, and waits until the kubelet
// reports the container terminated. The kubelet restarts it; there is
// nothing to undo.
type Kill struct {
	// Namespace and Selector choose the pods; empty means the target.
	Namespace string
	Selector  map[string]string
	// Count is how many pods to hit; zero means one.
	Count int
	// Container is the container to kill; empty means the pod's first.
	Container string
	// Signal is the signal's name without SIG; empty means KILL.
	Signal string
	// Timeout bounds the wait for the termination (DefaultTimeout).
	Timeout time.Duration
}

var _ fault.Fault = Kill{}

// Name is "pod-kill".
func (k Kill) Name() string { return "pod-kill" }

// Inject signals the containers' main processes and waits until each one
// is reported terminated (restart count up or a new termination state).
func (k Kill) Inject(ctx context.Context, env *fault.Env, _ *fault.Undo) error {
	if err := env.NodeAccess(); err != nil {
		return fmt.Errorf("%s: %w", k.Name(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeoutOr(k.Timeout))
	defer cancel()
	signal := k.Signal
	if signal == "" {
		signal = "KILL"
	}
	pods, err := fault.PickPods(ctx, env, k.Namespace, k.Selector, k.Count)
	if err != nil {
		return fmt.Errorf("%s: %w", k.Name(), err)
	}
	for _, p := range pods {
		st, err := containerStatus(p, k.Container)
		if err != nil {
			return fmt.Errorf("%s: %w", k.Name(), err)
		}
		id := st.ContainerID[strings.Index(st.ContainerID, "://")+3:]
		out, err := env.Exec(ctx, p.Spec.NodeName, "crictl", "inspect", "--output", "go-template", "--template", "{{.info.pid}}", id)
		if err != nil {
			return fmt.Errorf("%s: finding the main process of %s in pod %s/%s: %w", k.Name(), st.Name, p.Namespace, p.Name, err)
		}
		pid := strings.TrimSpace(string(out))
		if _, err := strconv.Atoi(pid); err != nil || pid == "0" {
			return fmt.Errorf("%s: container %s of pod %s/%s has no process (pid %q)", k.Name(), st.Name, p.Namespace, p.Name, pid)
		}
		env.Emit(timeline.Event{Kind: timeline.KindInject, Source: k.Name(), Objects: refs([]corev1.Pod{p}),
			Message: "signalling main process", Attrs: map[string]string{"container": st.Name, "signal": signal, "pid": pid, "node": p.Spec.NodeName}})
		if _, err := env.Exec(ctx, p.Spec.NodeName, "kill", "-s", signal, pid); err != nil {
			return fmt.Errorf("%s: signalling pid %s of pod %s/%s: %w", k.Name(), pid, p.Namespace, p.Name, err)
		}
		if err := k.waitTerminated(ctx, env, p, *st); err != nil {
			return err
		}
	}
	return nil
}

// containerStatus finds the running container to kill.
func containerStatus(p corev1.Pod, name string) (*corev1.ContainerStatus, error) {
	if name == "" && len(p.Spec.Containers) > 0 {
		name = p.Spec.Containers[0].Name
	}
	for i, st := range p.Status.ContainerStatuses {
		if st.Name == name && strings.Contains(st.ContainerID, "://") {
			return &p.Status.ContainerStatuses[i], nil
		}
	}
	return nil, fmt.Errorf("pod %s/%s: no running container %q", p.Namespace, p.Name, name)
}

func (k Kill) waitTerminated(ctx context.Context, env *fault.Env, victim corev1.Pod, before corev1.ContainerStatus) error {
	lw := kube.Pods(env.Client, victim.Namespace, "", "metadata.name="+victim.Name)
	err := kube.Until(ctx, lw, func(pods []*corev1.Pod) (bool, error) {
		for _, p := range pods {
			if p.UID != victim.UID {
				continue
			}
			for _, st := range p.Status.ContainerStatuses {
				if st.Name != before.Name {
					continue
				}
				t := st.LastTerminationState.Terminated
				if st.State.Terminated != nil {
					t = st.State.Terminated
				}
				if st.RestartCount > before.RestartCount || (t != nil && t.ContainerID == before.ContainerID) {
					ev := timeline.Event{Kind: timeline.KindEffect, Source: k.Name(), Objects: refs([]corev1.Pod{*p}),
						Message: "container terminated", Attrs: map[string]string{"container": st.Name}}
					if t != nil {
						ev.Attrs["exitCode"], ev.Attrs["reason"] = strconv.Itoa(int(t.ExitCode)), t.Reason
					}
					env.Emit(ev)
					return true, nil
				}
			}
			return false, nil
		}
		return true, nil // the pod itself is gone: the process is certainly dead
	})
	if err != nil {
		return fmt.Errorf("%s: pod %s/%s: %w: %w", k.Name(), victim.Namespace, victim.Name, fault.ErrNoEffect, err)
	}
	return nil
}
