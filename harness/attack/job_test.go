package attack

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/golive/resilience/harness/fault"
)

// TestJob: the attackers run as the restricted Pod Security profile asks,
// carry the labels the target's policies admit, spread over the nodes and
// are not replaced when one dies.
func TestJob(t *testing.T) {
	t.Parallel()
	j := job(Config{Namespace: "shop", Count: 4, Image: "golive.local/attacker:t", PullPolicy: corev1.PullNever,
		Labels: map[string]string{"golive.io/client": "allowed"}, Hosts: []string{"web.shop.svc.cluster.local"}})
	spec := j.Spec.Template.Spec
	c := spec.Containers[0]
	switch {
	case *j.Spec.Parallelism != 4 || *j.Spec.Completions != 4 || *j.Spec.BackoffLimit != math.MaxInt32:
		t.Errorf("job counts %d/%d, backoff %d", *j.Spec.Parallelism, *j.Spec.Completions, *j.Spec.BackoffLimit)
	case spec.RestartPolicy != corev1.RestartPolicyNever:
		t.Errorf("restart policy %s", spec.RestartPolicy)
	case j.Spec.Template.Labels["golive.io/client"] != "allowed" || j.Spec.Template.Labels[LabelAttacker] != JobName:
		t.Errorf("labels %v", j.Spec.Template.Labels)
	case spec.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].Preference.MatchExpressions[0].Key != controlPlaneLabel ||
		spec.Tolerations[0].Key != controlPlaneLabel:
		t.Errorf("placement %+v, tolerations %+v", spec.Affinity, spec.Tolerations)
	case j.Spec.Template.Labels[fault.LabelInstrument] != "attacker":
		t.Errorf("not marked as an instrument: %v", j.Spec.Template.Labels)
	case !*spec.SecurityContext.RunAsNonRoot || spec.SecurityContext.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
		t.Errorf("pod security %+v", spec.SecurityContext)
	case *c.SecurityContext.AllowPrivilegeEscalation || !*c.SecurityContext.ReadOnlyRootFilesystem || c.SecurityContext.Capabilities.Drop[0] != "ALL":
		t.Errorf("container security %+v", c.SecurityContext)
	case c.ImagePullPolicy != corev1.PullNever || c.Resources.Limits.Memory().IsZero():
		t.Errorf("container %+v", c)
	case strings.Join(c.Args, " ") != "-listen :8080 -allow-host web.shop.svc.cluster.local":
		t.Errorf("args %q", c.Args)
	}
}

// TestReady waits for the attackers Ready and names them; too few Ready
// within the timeout is an error that counts them.
func TestReady(t *testing.T) {
	t.Parallel()
	pod := func(name string, ready bool) *corev1.Pod {
		st := corev1.ConditionFalse
		if ready {
			st = corev1.ConditionTrue
		}
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: map[string]string{LabelAttacker: JobName}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: st}}}}
	}
	cs := fake.NewClientset(pod("a-1", true), pod("a-2", true), pod("a-3", false))
	names, err := Ready(context.Background(), cs, "shop", 2, 5*time.Second)
	if err != nil || len(names) != 2 {
		t.Fatalf("Ready = %v, %v", names, err)
	}
	_, err = Ready(context.Background(), cs, "shop", 3, 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "attackers in shop: 2 of 3 Ready (3 pods)") {
		t.Errorf("err = %v", err)
	}
}
