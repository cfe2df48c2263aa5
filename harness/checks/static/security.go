package static

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/harness"
)

// judgePodSecurity passes when every container (init containers too) runs
// as non-root, unprivileged, without privilege escalation, with a
// read-only root filesystem and every capability dropped. Container
// settings override the pod's securityContext where both have them.
func judgePodSecurity(_ *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemPodSecurity, w)
	pod := w.template.Spec.SecurityContext
	if pod == nil {
		pod = &corev1.PodSecurityContext{}
	}
	for _, c := range w.containers() {
		sc := c.SecurityContext
		if sc == nil {
			sc = &corev1.SecurityContext{}
		}
		var wrong []string
		if !deref(orDefault(sc.RunAsNonRoot, pod.RunAsNonRoot), false) {
			wrong = append(wrong, "runAsNonRoot is not true")
		}
		if uid := orDefault(sc.RunAsUser, pod.RunAsUser); uid != nil && *uid == 0 {
			wrong = append(wrong, "runAsUser is 0 (root)")
		}
		if deref(sc.Privileged, false) {
			wrong = append(wrong, "privileged is true")
		}
		if deref(sc.AllowPrivilegeEscalation, true) {
			wrong = append(wrong, "allowPrivilegeEscalation is not false")
		}
		if !deref(sc.ReadOnlyRootFilesystem, false) {
			wrong = append(wrong, "readOnlyRootFilesystem is not true")
		}
		if !dropsAll(sc.Capabilities) {
			wrong = append(wrong, "capabilities do not drop ALL")
		}
		if len(wrong) > 0 {
			f.failf("container %q: %s", c.Name, strings.Join(wrong, ", "))
		}
	}
	return f.verdict("every container runs as non-root, unprivileged, without privilege escalation, with a read-only root filesystem and all capabilities dropped")
}

func dropsAll(c *corev1.Capabilities) bool {
	if c == nil {
		return false
	}
	for _, d := range c.Drop {
		if strings.EqualFold(string(d), "ALL") {
			return true
		}
	}
	return false
}
