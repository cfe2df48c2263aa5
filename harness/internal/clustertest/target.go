package clustertest

import (
	"context"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/kube"
	"github.com/golive/resilience/kind"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Labels of the target workload.
var Labels = map[string]string{"app": "golive-target"}

// LabelTest marks the namespaces cluster tests create.
const LabelTest = "golive.io/test"

// Namespace creates a namespace for the test and deletes it, waiting until
// it is gone, when the test ends.
func Namespace(t testing.TB, env *fault.Env) string {
	t.Helper()
	ctx := context.Background()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "golive-test-", Labels: map[string]string{LabelTest: "true"}}}
	ns, err := env.Client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating namespace: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if err := env.Client.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{}); err != nil {
			t.Errorf("deleting namespace %s: %v", ns.Name, err)
			return
		}
		err := kube.Until(ctx, kube.ListWatch(env.Client, env.Client.CoreV1().Namespaces().List, env.Client.CoreV1().Namespaces().Watch,
			func(o *metav1.ListOptions) { o.FieldSelector = "metadata.name=" + ns.Name }),
			func(list []*corev1.Namespace) (bool, error) { return len(list) == 0, nil })
		if err != nil {
			t.Errorf("namespace %s not gone: %v", ns.Name, err)
		}
	})
	return ns.Name
}

// Deploy runs the target in ns: replicas pods of busybox httpd on port
// 8080, spread over the workers, probed by the kubelet over HTTP every
// second, behind a Service named "target" (a NodePort when nodePort is
// not zero). It waits until the Deployment is available.
func Deploy(t testing.TB, env *fault.Env, ns, image string, replicas int32, nodePort int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	probe := &corev1.Probe{PeriodSeconds: 1, ProbeHandler: corev1.ProbeHandler{
		HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(8080)}}}
	dep := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "target", Namespace: ns},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: Labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: Labels},
				Spec: corev1.PodSpec{
					TerminationGracePeriodSeconds: new(int64),
					TopologySpreadConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "kubernetes.io/hostname",
						WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: &metav1.LabelSelector{MatchLabels: Labels}}},
					Containers: []corev1.Container{{
						Name: "httpd", Image: image, ImagePullPolicy: corev1.PullNever,
						Command:        []string{"sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"},
						Ports:          []corev1.ContainerPort{{ContainerPort: 8080}},
						ReadinessProbe: probe,
					}},
				},
			},
		},
	}
	if _, err := env.Client.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating the target: %v", err)
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "target", Namespace: ns},
		Spec: corev1.ServiceSpec{Selector: Labels, Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080), NodePort: nodePort}}}}
	if nodePort != 0 {
		svc.Spec.Type = corev1.ServiceTypeNodePort
	}
	if _, err := env.Client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating the target's service: %v", err)
	}
	if err := kind.WaitDeploymentAvailable(ctx, env.Client, ns, "target"); err != nil {
		t.Fatalf("the target (image %s) did not become available: %v", image, err)
	}
}

// PDB adds a PodDisruptionBudget on the target with minAvailable.
func PDB(t testing.TB, env *fault.Env, ns string, minAvailable int32) {
	t.Helper()
	min := intstr.FromInt32(minAvailable)
	pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "target", Namespace: ns},
		Spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: &min, Selector: &metav1.LabelSelector{MatchLabels: Labels}}}
	if _, err := env.Client.PolicyV1().PodDisruptionBudgets(ns).Create(context.Background(), pdb, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating the PDB: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := kube.Until(ctx, kube.ListWatch(env.Client, env.Client.PolicyV1().PodDisruptionBudgets(ns).List, env.Client.PolicyV1().PodDisruptionBudgets(ns).Watch, nil),
		func(list []*policyv1.PodDisruptionBudget) (bool, error) {
			return len(list) == 1 && list[0].Status.ObservedGeneration >= list[0].Generation && list[0].Status.ExpectedPods > 0, nil
		})
	if err != nil {
		t.Fatalf("PDB not observed by the disruption controller: %v", err)
	}
}

// Sel is the target's selector in the form faults take.
func Sel() map[string]string { return Labels }
