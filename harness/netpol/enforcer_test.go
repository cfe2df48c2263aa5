package netpol

import (
	"context"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
)

// Removing the enforcer deletes its DaemonSet, flushes its rules on every
// node, and the revert brings the DaemonSet back as it was.
func TestRemoveEnforcer(t *testing.T) {
	sel := &metav1.LabelSelector{MatchLabels: map[string]string{"k8s-app": "kube-router"}}
	cs := fake.NewClientset(&appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "kube-router", Namespace: "kube-system",
		Labels: map[string]string{"k8s-app": "kube-router"}}, Spec: appsv1.DaemonSetSpec{Selector: sel}})
	var execs []string
	env := &fault.Env{Client: cs, Nodes: []kind.Node{{Name: "n1"}, {Name: "n2"}},
		Engine: fault.EngineFunc(func(_ context.Context, args ...string) ([]byte, error) {
			execs = append(execs, strings.Join(args[:2], " "))
			return nil, nil
		})}
	undo := fault.NewUndo("remove-netpol-enforcer", 200*time.Millisecond, nil)
	if err := (RemoveEnforcer{}).Inject(context.Background(), env, undo); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.AppsV1().DaemonSets("kube-system").Get(context.Background(), "kube-router", metav1.GetOptions{}); err == nil {
		t.Error("daemonset still there after the fault")
	}
	if strings.Join(execs, ",") != "exec n1,exec n2" {
		t.Errorf("rules flushed by %v, want one exec per node", execs)
	}
	// The revert recreates the DaemonSet; a fake cluster runs no pods, so
	// its wait for them ends with the undo's timeout.
	_ = undo.Revert()
	ds, err := cs.AppsV1().DaemonSets("kube-system").Get(context.Background(), "kube-router", metav1.GetOptions{})
	if err != nil || ds.Spec.Selector.MatchLabels["k8s-app"] != "kube-router" {
		t.Errorf("revert: daemonset %v, %v; want it back with its selector", ds, err)
	}
}
