package attack

import (
	"context"
	"fmt"
	"maps"
	"math"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
)

// Package is the attacker's Go package; DefaultImage the image the runner
// builds from it and loads into kind clusters.
const (
	Package      = "github.com/golive/resilience/cmd/attacker"
	DefaultImage = "golive.local/attacker:v1"
)

// Port is where an attacker listens for its orders.
const Port = 8080

// LabelAttacker marks every attacker pod; its value is the Job's name.
const LabelAttacker = "golive.io/attacker"

// JobName is the attackers' Job in a target's namespace.
const JobName = "golive-attackers"

// Config says how many attackers, from which image, with which labels.
type Config struct {
	Namespace string
	// Count is how many attacker pods (DefaultCount when zero).
	Count int
	Image string
	// PullPolicy is corev1.PullNever for an image loaded into the nodes (a
	// kind cluster), IfNotPresent for one from a registry.
	PullPolicy corev1.PullPolicy
	// Labels are added to the pods: the labels the target's
	// NetworkPolicies admit its clients by.
	Labels map[string]string
	// Hosts are the only hosts besides loopback the attackers will aim at,
	// whoever orders them: the target's Service names.
	Hosts []string
	// Timeout bounds the wait for every attacker Ready (2 minutes).
	Timeout time.Duration
}

// DefaultCount is three attackers: each takes a third of the rate.
const DefaultCount = 3

// controlPlaneLabel marks (and taints) the control-plane nodes.
const controlPlaneLabel = "node-role.kubernetes.io/control-plane"

// job is the attackers' Job: Count pods that never complete, on the
// control plane where it takes them, spared by the run's faults
// (fault.LabelInstrument), not restarted when one dies (a lost attacker is reported, not
// silently taken over by one the fleet does not know). A failed pod does
// not fail the Job: a Job past its backoff limit deletes its running pods,
// and one attacker's death (the bench at 6400/s on 2 cores) took the
// others with it. The Job replaces it with a pod no fleet orders.
func job(cfg Config) *batchv1.Job {
	n := int32(max(cfg.Count, 1))
	no, yes, backoff := false, true, int32(math.MaxInt32)
	labels := maps.Clone(cfg.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	labels[LabelAttacker] = JobName
	labels[fault.LabelInstrument] = "attacker"
	args := []string{"-listen", fmt.Sprintf(":%d", Port)}
	for _, h := range cfg.Hosts {
		args = append(args, "-allow-host", h)
	}
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: JobName, Namespace: cfg.Namespace, Labels: map[string]string{LabelAttacker: JobName}},
		Spec: batchv1.JobSpec{
			Parallelism: &n, Completions: &n, BackoffLimit: &backoff,
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					RestartPolicy:                 corev1.RestartPolicyNever,
					TerminationGracePeriodSeconds: new(int64(2)),
					AutomountServiceAccountToken:  &no,
					// The control plane first, where this project's node
					// faults never strike (they take the busiest worker or a
					// named one); elsewhere as the scheduler places them.
					Affinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
						PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{{Weight: 100,
							Preference: corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{{
								Key: controlPlaneLabel, Operator: corev1.NodeSelectorOpExists}}}}}}},
					Tolerations: []corev1.Toleration{{Key: controlPlaneLabel, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}},
					SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: new(int64(65532)),
						SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
					Containers: []corev1.Container{{
						Name: "attacker", Image: cfg.Image, ImagePullPolicy: cfg.PullPolicy,
						Args:  args,
						Ports: []corev1.ContainerPort{{Name: "orders", ContainerPort: Port}},
						ReadinessProbe: &corev1.Probe{PeriodSeconds: 1, ProbeHandler: corev1.ProbeHandler{
							HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(Port)}}},
						Resources: corev1.ResourceRequirements{
							Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("50m"), corev1.ResourceMemory: resource.MustParse("32Mi")},
							Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("256Mi")}},
						SecurityContext: &corev1.SecurityContext{AllowPrivilegeEscalation: &no, ReadOnlyRootFilesystem: &yes,
							Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}},
					}},
				},
			},
		},
	}
}

// Deploy creates the attackers' Job in cfg.Namespace (replacing one a
// crashed run left) and waits until Count attackers are Ready; it returns
// their pod names.
func Deploy(ctx context.Context, cs kubernetes.Interface, cfg Config) ([]string, error) {
	if err := Delete(ctx, cs, cfg.Namespace); err != nil {
		return nil, err
	}
	if err := kube.Poll(ctx, 200*time.Millisecond, func(ctx context.Context) (bool, error) {
		_, err := cs.BatchV1().Jobs(cfg.Namespace).Get(ctx, JobName, metav1.GetOptions{})
		return isNotFound(err), nil
	}); err != nil {
		return nil, fmt.Errorf("attackers in %s: waiting for the last run's Job %s to go: %w", cfg.Namespace, JobName, err)
	}
	if _, err := cs.BatchV1().Jobs(cfg.Namespace).Create(ctx, job(cfg), metav1.CreateOptions{}); err != nil {
		return nil, fmt.Errorf("attackers in %s: creating Job %s: %w", cfg.Namespace, JobName, err)
	}
	return Ready(ctx, cs, cfg.Namespace, max(cfg.Count, 1), cfg.Timeout)
}

// Ready waits until count attackers in ns are Ready and returns their names.
func Ready(ctx context.Context, cs kubernetes.Interface, ns string, count int, timeout time.Duration) ([]string, error) {
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var names []string
	seen := 0
	err := kube.Until(ctx, kube.Pods(cs, ns, LabelAttacker+"="+JobName, ""), func(pods []*corev1.Pod) (bool, error) {
		names, seen = names[:0], len(pods)
		for _, p := range pods {
			if p.DeletionTimestamp == nil && ready(p) {
				names = append(names, p.Name)
			}
		}
		return len(names) >= count, nil
	})
	if err != nil {
		return nil, fmt.Errorf("attackers in %s: %d of %d Ready (%d pods): %w", ns, len(names), count, seen, err)
	}
	return names[:count], nil
}

func ready(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// Delete removes the attackers' Job and its pods from ns, if there are any.
func Delete(ctx context.Context, cs kubernetes.Interface, ns string) error {
	bg := metav1.DeletePropagationBackground
	err := cs.BatchV1().Jobs(ns).Delete(ctx, JobName, metav1.DeleteOptions{PropagationPolicy: &bg})
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("attackers in %s: deleting Job %s: %w", ns, JobName, err)
	}
	return nil
}

func isNotFound(err error) bool { return apierrors.IsNotFound(err) }
