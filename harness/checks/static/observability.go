package static

import (
	"fmt"
	"slices"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/golive/resilience/harness"
)

const (
	annotationScrape = "prometheus.io/scrape"
	annotationPort   = "prometheus.io/port"
	annotationPath   = "prometheus.io/path"
)

// metricsPortNames are the port names that declare a metrics endpoint.
var metricsPortNames = []string{"metrics", "http-metrics"}

// monitor is what the checks read of a Prometheus operator ServiceMonitor
// or PodMonitor.
type monitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Selector          metav1.LabelSelector `json:"selector"`
		NamespaceSelector struct {
			Any        bool     `json:"any"`
			MatchNames []string `json:"matchNames"`
		} `json:"namespaceSelector"`
	} `json:"spec"`
}

// watches reports whether the monitor looks in namespace ns and selects
// objects labelled ls there.
func (mo *monitor) watches(ns string, ls map[string]string) bool {
	switch nsel := mo.Spec.NamespaceSelector; {
	case nsel.Any:
	case len(nsel.MatchNames) > 0:
		if !slices.Contains(nsel.MatchNames, ns) {
			return false
		}
	case mo.Namespace != ns:
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(&mo.Spec.Selector)
	return err == nil && s.Matches(labels.Set(ls))
}

// judgeObservability passes when the workload declares a metrics endpoint:
// a prometheus.io/scrape annotation on its pods or on a Service in front
// of them, a container port named metrics or http-metrics, or a
// ServiceMonitor or PodMonitor that selects it.
func judgeObservability(m *manifests, w *workload, _ *config) harness.Verdict {
	f := newFinding(ItemObservability, w)
	var found []string
	if a := w.template.Annotations; a[annotationScrape] == "true" {
		found = append(found, "a prometheus.io/scrape annotation on its pods for "+scrapeTarget(a))
		if p, err := strconv.Atoi(a[annotationPort]); err == nil {
			f.count("metrics_port", float64(p))
		}
	}
	for _, c := range w.template.Spec.Containers {
		for _, p := range c.Ports {
			if slices.Contains(metricsPortNames, p.Name) {
				found = append(found, fmt.Sprintf("container %q port %q (%d)", c.Name, p.Name, p.ContainerPort))
				f.count("metrics_port", float64(p.ContainerPort))
			}
		}
	}
	for _, mo := range m.monitors {
		if mo.Kind == "PodMonitor" && mo.watches(w.ref.Namespace, w.template.Labels) {
			found = append(found, name(objRef(mo.Kind, mo.ObjectMeta)))
			f.object(objRef(mo.Kind, mo.ObjectMeta))
		}
	}
	for _, s := range m.services {
		sel := s.Spec.Selector
		if s.Namespace != w.ref.Namespace || len(sel) == 0 || !labels.SelectorFromSet(sel).Matches(labels.Set(w.template.Labels)) {
			continue
		}
		svc := objRef("Service", s.ObjectMeta)
		if s.Annotations[annotationScrape] == "true" {
			found = append(found, "a prometheus.io/scrape annotation on "+name(svc)+" for "+scrapeTarget(s.Annotations))
			f.object(svc)
		}
		for _, mo := range m.monitors {
			if mo.Kind == "ServiceMonitor" && mo.watches(s.Namespace, s.Labels) {
				found = append(found, name(objRef(mo.Kind, mo.ObjectMeta))+" through "+name(svc))
				f.object(objRef(mo.Kind, mo.ObjectMeta))
			}
		}
	}
	if len(found) == 0 {
		f.failf("declares no metrics endpoint: no prometheus.io/scrape annotation, no port named metrics or http-metrics, no ServiceMonitor or PodMonitor")
		return f.verdict("")
	}
	return f.passf("metrics declared by %s", joinAnd(found))
}

// scrapeTarget renders the port and path the prometheus.io annotations
// name, e.g. ":8080/metrics".
func scrapeTarget(a map[string]string) string {
	path := a[annotationPath]
	if path == "" {
		path = "/metrics"
	}
	if port := a[annotationPort]; port != "" {
		return ":" + port + path
	}
	return path + " on every declared port"
}
