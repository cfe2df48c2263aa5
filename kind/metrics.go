package kind

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"text/template"
	"time"

	"k8s.io/client-go/kubernetes"
)

// DefaultMetricsServerImage is the metrics-server image the offline node
// image preloads (and that kind's published images pull).
const DefaultMetricsServerImage = "registry.k8s.io/metrics-server/metrics-server:v0.8.0"

//go:embed manifests/metrics-server.yaml
var metricsServerManifest string

var metricsServerTemplate = template.Must(template.New("metrics-server").Parse(metricsServerManifest))

// MetricsServerManifest renders the embedded metrics-server manifest for an image.
func MetricsServerManifest(image string) ([]byte, error) {
	var b bytes.Buffer
	if err := metricsServerTemplate.Execute(&b, struct{ Image string }{image}); err != nil {
		return nil, fmt.Errorf("rendering metrics-server manifest: %w", err)
	}
	return b.Bytes(), nil
}

// InstallMetricsServer installs metrics-server and returns once
// metrics.k8s.io answers with metrics for pods in kube-system.
func (c *Cluster) InstallMetricsServer(ctx context.Context, image string, timeout time.Duration) error {
	m, err := MetricsServerManifest(image)
	if err != nil {
		return err
	}
	if err := c.Apply(ctx, m); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cs, err := c.Clientset()
	if err != nil {
		return err
	}
	if err := WaitDeploymentAvailable(ctx, cs, "kube-system", "metrics-server"); err != nil {
		return fmt.Errorf("cluster %q: %w", c.Name, err)
	}
	// The metrics API offers no watch: ask until it has pod samples.
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	var last error
	for {
		n, err := c.PodMetricsCount(ctx, "kube-system")
		if err == nil && n > 0 {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("cluster %q: metrics.k8s.io gave no pod metrics within %s (last error: %v)", c.Name, timeout, last)
		case <-tick.C:
		}
	}
}

// PodMetricsCount returns how many pods of a namespace metrics.k8s.io has samples for.
func (c *Cluster) PodMetricsCount(ctx context.Context, namespace string) (int, error) {
	cs, err := c.Clientset()
	if err != nil {
		return 0, err
	}
	return CountPodMetrics(ctx, cs, namespace)
}

// CountPodMetrics returns how many pods of a namespace metrics.k8s.io has
// samples for, on any cluster cs reaches.
func CountPodMetrics(ctx context.Context, cs kubernetes.Interface, namespace string) (int, error) {
	raw, err := cs.CoreV1().RESTClient().Get().
		AbsPath("/apis/metrics.k8s.io/v1beta1/namespaces", namespace, "pods").DoRaw(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading pod metrics in %s: %w", namespace, err)
	}
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return 0, fmt.Errorf("decoding pod metrics: %w", err)
	}
	return len(list.Items), nil
}
