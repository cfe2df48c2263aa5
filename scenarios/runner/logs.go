package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/kind"
)

// WithLogs keeps, for every scenario that FAILs or ERRORs, its targets'
// pod logs (current and previous containers) and their namespace's events
// under dir/<scenario>/<namespace>/, and once for the run the cluster's
// own logs (kind's export) under dir/cluster/. Nothing is written for a
// run that passes.
func WithLogs(dir string) Option { return func(c *config) { c.logs = dir } }

// maxLogBytes bounds each container's log kept: the end of it, where a
// failure shows.
const maxLogBytes = 1 << 20

// collectPods writes the pod logs and events of namespace ns into dir.
func collectPods(ctx context.Context, cs kubernetes.Interface, ns, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing pods in %s: %w", ns, err)
	}
	var errs []string
	for _, p := range pods.Items {
		for _, c := range p.Spec.Containers {
			for _, previous := range []bool{false, true} {
				name := p.Name + "_" + c.Name + ".log"
				if previous {
					name = p.Name + "_" + c.Name + ".previous.log"
				}
				if err := podLog(ctx, cs, ns, p.Name, c.Name, previous, filepath.Join(dir, name)); err != nil && !previous {
					errs = append(errs, err.Error())
				}
			}
		}
	}
	events, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing events in %s: %w", ns, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "events.txt"), []byte(eventLines(events.Items)), 0o644); err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("pod logs in %s: %s", ns, strings.Join(errs, "; "))
	}
	return nil
}

func podLog(ctx context.Context, cs kubernetes.Interface, ns, pod, container string, previous bool, path string) error {
	limit := int64(maxLogBytes)
	rc, err := cs.CoreV1().Pods(ns).GetLogs(pod, &corev1.PodLogOptions{Container: container, Previous: previous, LimitBytes: &limit}).Stream(ctx)
	if err != nil {
		return fmt.Errorf("logs of %s/%s %s: %w", ns, pod, container, err)
	}
	defer rc.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, io.LimitReader(rc, maxLogBytes)); err != nil {
		f.Close()
		return fmt.Errorf("logs of %s/%s %s: %w", ns, pod, container, err)
	}
	return f.Close()
}

// eventLines renders events one per line, oldest first.
func eventLines(evs []corev1.Event) string {
	sort.SliceStable(evs, func(i, j int) bool { return eventTime(evs[i]).Before(eventTime(evs[j])) })
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s  %-7s %-24s %s/%s: %s (x%d)\n", eventTime(e).UTC().Format(time.RFC3339), e.Type, e.Reason,
			strings.ToLower(e.InvolvedObject.Kind), e.InvolvedObject.Name, strings.TrimSpace(e.Message), max(e.Count, 1))
	}
	return b.String()
}

func eventTime(e corev1.Event) time.Time {
	switch {
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}

// collectCluster exports the cluster's own logs (kind's export: every
// node's journal, kubelet and containerd logs, pod logs) into dir. A
// cluster reached by its API only has no node logs to export: the
// targets' pod logs and events, kept per scenario, are what there is.
func collectCluster(c Cluster, dir string) error {
	k, ok := c.(*kind.Cluster)
	if !ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return k.ExportLogs(dir)
}
