package stress

import (
	"context"
	"errors"
	"fmt"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var createOpts = metav1.CreateOptions{}

// script keeps CPU workers busy, fills memory and then says it is ready.
const script = `i=0; while [ "$i" -lt "$CPU" ]; do (while :; do :; done) & i=$((i+1)); done
if [ "$MEMORY" -gt 0 ]; then head -c "$MEMORY" /dev/zero > /stress/fill || exit 1; fi
touch /stress/ready
while :; do sleep 3600; done`

// pod renders the stress pod.
func (s Stress) pod(env *fault.Env, node string) *corev1.Pod {
	ns := s.Namespace
	if ns == "" {
		ns = env.Namespace
	}
	if ns == "" {
		ns = "default"
	}
	cmd := s.Command
	if len(cmd) == 0 {
		cmd = []string{"sh", "-c", script}
	}
	size := resource.NewQuantity(s.Memory+(16<<20), resource.BinarySI)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: "golive-stress-" + fault.ShortID(env.RunID, node, s.Name()), Namespace: ns,
			Labels: map[string]string{fault.LabelFault: s.Name(), fault.LabelRun: env.RunID},
		},
		Spec: corev1.PodSpec{
			NodeName:                      node,
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: new(int64),
			Tolerations:                   []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
			Containers: []corev1.Container{{
				Name: "stress", Image: s.Image, ImagePullPolicy: corev1.PullNever, Command: cmd,
				Env:          []corev1.EnvVar{{Name: "CPU", Value: fmt.Sprint(s.CPU)}, {Name: "MEMORY", Value: fmt.Sprint(s.Memory)}},
				VolumeMounts: []corev1.VolumeMount{{Name: "stress", MountPath: "/stress"}},
				ReadinessProbe: &corev1.Probe{PeriodSeconds: 1, ProbeHandler: corev1.ProbeHandler{
					Exec: &corev1.ExecAction{Command: []string{"cat", "/stress/ready"}}}},
			}},
			Volumes: []corev1.Volume{{Name: "stress", VolumeSource: corev1.VolumeSource{
				EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory, SizeLimit: size}}}},
		},
	}
}

// waitReady watches the pod until it is Ready; a pod that ends fails.
func waitReady(ctx context.Context, env *fault.Env, ns, name string) error {
	err := kube.Until(ctx, kube.Pods(env.Client, ns, "", "metadata.name="+name), func(pods []*corev1.Pod) (bool, error) {
		for _, p := range pods {
			if p.Name != name {
				continue
			}
			if p.Status.Phase == corev1.PodFailed || p.Status.Phase == corev1.PodSucceeded {
				return false, fmt.Errorf("stress pod %s/%s ended: %s %s", ns, name, p.Status.Phase, p.Status.Message)
			}
			for _, c := range p.Status.Conditions {
				if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
					return true, nil
				}
			}
		}
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for stress pod %s/%s ready: %w", ns, name, err)
	}
	return nil
}

// deletePod deletes a pod at once and waits until it is gone.
func deletePod(ctx context.Context, env *fault.Env, ns, name string) error {
	err := env.Client.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{GracePeriodSeconds: new(int64)})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting stress pod %s/%s: %w", ns, name, err)
	}
	err = kube.Until(ctx, kube.Pods(env.Client, ns, "", "metadata.name="+name), func(pods []*corev1.Pod) (bool, error) {
		for _, p := range pods {
			if p.Name == name {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for stress pod %s/%s gone: %w", ns, name, err)
	}
	return nil
}

// Sweeper deletes stress pods a run left behind.
var Sweeper fault.Sweeper = fault.SweepFunc(Sweep)

// Sweep finds pods carrying our fault label in every namespace and, unless
// dryRun, deletes them.
func Sweep(ctx context.Context, env *fault.Env, dryRun bool) ([]fault.Leftover, error) {
	list, err := env.Client.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: fault.LabelFault})
	if err != nil {
		return nil, fmt.Errorf("listing stress pods: %w", err)
	}
	var found []fault.Leftover
	var errs []error
	for _, p := range list.Items {
		found = append(found, fault.Leftover{Family: "stress", Object: fault.PodRef(p.Namespace, p.Name), What: "stress pod of run " + p.Labels[fault.LabelRun] + ": delete"})
		if !dryRun {
			if err := deletePod(ctx, env, p.Namespace, p.Name); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return found, errors.Join(errs...)
}
