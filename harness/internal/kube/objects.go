package kube

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// Pods lists and watches the pods of a namespace ("" for all) that match a
// label selector and a field selector (either may be empty).
func Pods(c kubernetes.Interface, namespace, labelSel, fieldSel string) cache.ListerWatcher {
	p := c.CoreV1().Pods(namespace)
	return ListWatch(c, p.List, p.Watch, func(o *metav1.ListOptions) {
		o.LabelSelector, o.FieldSelector = labelSel, fieldSel
	})
}

// PodsOnNode lists and watches every pod scheduled to a node.
func PodsOnNode(c kubernetes.Interface, node string) cache.ListerWatcher {
	return Pods(c, "", "", fields.OneTermEqualSelector("spec.nodeName", node).String())
}

// Node lists and watches one node by name.
func Node(c kubernetes.Interface, name string) cache.ListerWatcher {
	n := c.CoreV1().Nodes()
	return ListWatch(c, n.List, n.Watch, func(o *metav1.ListOptions) {
		o.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
	})
}

// Deployment lists and watches one Deployment by name.
func Deployment(c kubernetes.Interface, namespace, name string) cache.ListerWatcher {
	d := c.AppsV1().Deployments(namespace)
	return ListWatch(c, d.List, d.Watch, func(o *metav1.ListOptions) {
		o.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
	})
}
