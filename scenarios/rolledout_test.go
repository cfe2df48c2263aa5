package scenarios

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/golive/resilience/harness/fault"
)

// A rollout's end state comes from the Deployment's status: complete,
// stalled past its progress deadline, or never taken up (no effect).
func TestWaitRolledOut(t *testing.T) {
	t.Parallel()
	deploy := func(observed int64, status appsv1.DeploymentStatus) *appsv1.Deployment {
		status.ObservedGeneration = observed
		return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "target", Namespace: "shop", Generation: 2},
			Spec: appsv1.DeploymentSpec{Replicas: ptr.To[int32](3), ProgressDeadlineSeconds: ptr.To[int32](60)}, Status: status}
	}
	stalled := appsv1.DeploymentStatus{Replicas: 3, UpdatedReplicas: 0, AvailableReplicas: 3, ReadyReplicas: 3,
		Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse,
			Reason: "ProgressDeadlineExceeded", Message: `ReplicaSet "target-2" has timed out progressing.`}}}
	for _, tc := range []struct {
		name     string
		d        *appsv1.Deployment
		complete bool
		why      string
		err      error
	}{
		{"complete", deploy(2, appsv1.DeploymentStatus{Replicas: 3, UpdatedReplicas: 3, AvailableReplicas: 3, ReadyReplicas: 3}), true, "", nil},
		{"old replicas left", deploy(2, appsv1.DeploymentStatus{Replicas: 4, UpdatedReplicas: 3, AvailableReplicas: 4, ReadyReplicas: 4}), false, "not rolled out within 300ms (3 of 3 replicas updated, 4 available)", nil},
		{"stalled", deploy(2, stalled), false, `has timed out progressing. (0 of 3 replicas updated, 3 available)`, nil},
		{"never taken up", deploy(1, stalled), false, "", fault.ErrNoEffect},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cs := fake.NewClientset(tc.d)
			out, err := waitRolledOut(context.Background(), cs, tc.d, 300*time.Millisecond)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if out.complete != tc.complete || !strings.Contains(out.why, tc.why) {
				t.Errorf("got %+v, want complete=%v why containing %q", out, tc.complete, tc.why)
			}
		})
	}
}
