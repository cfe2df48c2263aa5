package static

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/golive/resilience/harness"
)

// defaultGrace is terminationGracePeriodSeconds when unset.
const defaultGrace = 30

// judgeShutdown passes when every container has a preStop hook and the
// termination grace period outlasts the longest preStop sleep by the
// shutdown margin, leaving the app time to finish in-flight requests.
func judgeShutdown(_ *manifests, w *workload, c *config) harness.Verdict {
	f := newFinding(ItemGracefulShutdown, w)
	grace := deref(w.template.Spec.TerminationGracePeriodSeconds, defaultGrace)
	f.count("termination_grace_seconds", float64(grace))
	var longest int64
	slept := ""
	for _, ctr := range w.template.Spec.Containers {
		var pre *corev1.LifecycleHandler
		if ctr.Lifecycle != nil {
			pre = ctr.Lifecycle.PreStop
		}
		switch {
		case pre == nil:
			f.failf("container %q has no preStop hook: traffic can reach the pod after it stops listening", ctr.Name)
			continue
		case pre.Exec == nil && pre.HTTPGet == nil && pre.Sleep == nil:
			f.failf("container %q has a preStop hook the kubelet does not run (only exec, httpGet and sleep are)", ctr.Name)
			continue
		}
		if s := preStopSleep(pre); s > longest {
			longest, slept = s, ctr.Name
		}
	}
	f.count("prestop_sleep_seconds", float64(longest))
	margin := int64(math.Ceil(c.shutdownMargin.Seconds()))
	switch {
	case grace == 0:
		f.failf("terminationGracePeriodSeconds 0 kills the containers with SIGKILL at once, before they can drain")
	case longest > 0 && grace <= longest:
		f.failf("terminationGracePeriodSeconds %d does not exceed container %q's %ds preStop sleep: the kubelet kills it with SIGKILL before it can drain", grace, slept, longest)
	case longest > 0 && grace-longest < margin:
		f.failf("terminationGracePeriodSeconds %d leaves %ds after container %q's %ds preStop sleep, less than the %s margin to finish in-flight requests", grace, grace-longest, slept, longest, c.shutdownMargin)
	case grace < margin:
		f.failf("terminationGracePeriodSeconds %d is shorter than the %s margin to finish in-flight requests", grace, c.shutdownMargin)
	}
	after := ""
	if longest > 0 {
		after = " after a " + (time.Duration(longest) * time.Second).String() + " preStop sleep"
	}
	return f.passf("every container has a preStop hook and terminationGracePeriodSeconds %d leaves %ds to drain%s", grace, grace-longest, after)
}

// sleepCmd finds "sleep N" in an exec hook's command line.
var sleepCmd = regexp.MustCompile(`(?:^|[\s;&|/])sleep\s+(\d+(?:\.\d+)?)s?(?:$|[\s;&|])`)

// preStopSleep returns how long a preStop hook sleeps, in whole seconds
// rounded up: the sleep action's seconds, or the largest "sleep N" in an
// exec command; 0 when unknown.
func preStopSleep(h *corev1.LifecycleHandler) int64 {
	if h.Sleep != nil {
		return h.Sleep.Seconds
	}
	if h.Exec == nil {
		return 0
	}
	var longest int64
	for _, m := range sleepCmd.FindAllStringSubmatch(strings.Join(h.Exec.Command, " "), -1) {
		if s, err := strconv.ParseFloat(m[1], 64); err == nil && int64(math.Ceil(s)) > longest {
			longest = int64(math.Ceil(s))
		}
	}
	return longest
}
