package observe_test

import (
	"context"
	"fmt"

	"github.com/golive/resilience/harness/observe"
	"github.com/golive/resilience/harness/timeline"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func ExampleStart() {
	web := map[string]string{"app": "web"}
	ready := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "shop", Labels: web},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}}
	tl := timeline.New()
	o, err := observe.Start(context.Background(), fake.NewClientset(ready), tl, observe.Target{Namespace: "shop", Selector: web})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer o.Stop()
	v, _ := tl.Latest(observe.SeriesPodsReady)
	fmt.Println("ready pods:", v)
	// Output: ready pods: 1
}
