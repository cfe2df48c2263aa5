package pod_test

import (
	"context"
	"fmt"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/fault/pod"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func ExampleDelete() {
	web := map[string]string{"app": "web"}
	cs := fake.NewClientset(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "shop", Labels: web},
		Status: corev1.PodStatus{Phase: corev1.PodRunning}})
	env := &fault.Env{Client: cs, Namespace: "shop", Selector: web,
		Record: func(e timeline.Event) { fmt.Println(e.Kind, e.Objects[0], e.Message) }}
	f := pod.Delete{Force: true}
	err := f.Inject(context.Background(), env, fault.NewUndo(f.Name(), 0, nil))
	fmt.Println("error:", err)
	// Output:
	// inject pod/shop/web-1 deleting pod
	// effect pod/shop/web-1 pod gone
	// error: <nil>
}
