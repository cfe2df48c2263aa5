package kind_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/features"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/kind/kindenv"
)

const echoImage = "golive.test/echoserver:e2e"

type state struct {
	c  *kind.Cluster
	cs kubernetes.Interface
	ns string
}

func TestClusterAcceptance(t *testing.T) {
	needCluster(t)
	var s state
	f := features.New("kind cluster").
		Setup(func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			c, err := kindenv.ClusterFrom(ctx, clusterName)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := c.Clientset()
			if err != nil {
				t.Fatal(err)
			}
			s = state{c: c, cs: cs, ns: fmt.Sprintf("golive-e2e-%d", time.Now().Unix())}
			if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: s.ns}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if keep {
					t.Logf("keeping namespace %s", s.ns)
					return
				}
				_ = cs.CoreV1().Namespaces().Delete(context.Background(), s.ns, metav1.DeleteOptions{})
			})
			return ctx
		}).
		Assess("three nodes are Ready", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			nodes, err := s.cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ready := 0
			for _, n := range nodes.Items {
				for _, c := range n.Status.Conditions {
					if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
						ready++
					}
				}
			}
			if len(nodes.Items) != 3 || ready != 3 {
				t.Fatalf("%d nodes, %d Ready; want 3 and 3", len(nodes.Items), ready)
			}
			handles, err := s.c.Workers(ctx)
			if err != nil || len(handles) != 2 {
				t.Fatalf("worker handles = %v, %v", handles, err)
			}
			return ctx
		}).
		Assess("CoreDNS is available", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			d, err := s.cs.AppsV1().Deployments("kube-system").Get(ctx, "coredns", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Status.AvailableReplicas < 1 || d.Status.AvailableReplicas != *d.Spec.Replicas {
				t.Fatalf("coredns available %d of %d", d.Status.AvailableReplicas, *d.Spec.Replicas)
			}
			return ctx
		}).
		Assess("a local image behind a NodePort answers 50 of 50 on 127.0.0.1", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			bin := filepath.Join(t.TempDir(), "echoserver")
			build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/golive/resilience/kind/internal/echoserver")
			build.Env = append(os.Environ(), "CGO_ENABLED=0")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("building echoserver: %v: %s", err, out)
			}
			if err := kind.ImageFromBinary(ctx, echoImage, bin); err != nil {
				t.Fatal(err)
			}
			if err := s.c.LoadImages(ctx, echoImage); err != nil {
				t.Fatal(err)
			}
			if err := s.c.Apply(ctx, []byte(echoManifest(s.ns))); err != nil {
				t.Fatal(err)
			}
			wctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			defer cancel()
			if err := kind.WaitDeploymentAvailable(wctx, s.cs, s.ns, "echo"); err != nil {
				t.Fatal(err)
			}
			client := &http.Client{Timeout: 5 * time.Second}
			// kube-proxy programs the new NodePort a moment after the
			// Deployment is available: wait for a first answer, then count.
			if err := firstAnswer(ctx, client, fmt.Sprintf("http://127.0.0.1:%d/", nodePort), time.Minute); err != nil {
				t.Fatal(err)
			}
			ok := 0
			for i := 0; i < 50; i++ {
				resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/", nodePort))
				if err != nil {
					t.Logf("request %d: %v", i, err)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok++
				}
			}
			if ok != 50 {
				t.Fatalf("%d of 50 requests answered 200", ok)
			}
			return ctx
		}).
		Assess("pods talk to pods across the two workers", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			pods, err := s.cs.CoreV1().Pods(s.ns).List(ctx, metav1.ListOptions{LabelSelector: "app=echo"})
			if err != nil || len(pods.Items) != 2 {
				t.Fatalf("echo pods: %v, %v", pods, err)
			}
			server := pods.Items[0]
			client := pods.Items[1].Spec.NodeName
			if server.Spec.NodeName == client {
				t.Fatalf("both echo pods on %s; anti-affinity not applied", client)
			}
			pod := clientPod(s.ns, client, fmt.Sprintf("http://%s:8080/", server.Status.PodIP))
			if _, err := s.cs.CoreV1().Pods(s.ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			phase := waitPodDone(ctx, t, s.cs, s.ns, pod.Name)
			if phase != corev1.PodSucceeded {
				t.Fatalf("client on %s → %s on %s: pod %s", client, server.Status.PodIP, server.Spec.NodeName, phase)
			}
			return ctx
		}).
		Assess("a PersistentVolumeClaim binds", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			if err := s.c.Apply(ctx, []byte(pvcManifest(s.ns))); err != nil {
				t.Fatal(err)
			}
			wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			lw := cache.NewListWatchFromClient(s.cs.CoreV1().RESTClient(), "persistentvolumeclaims", s.ns,
				fields.OneTermEqualSelector("metadata.name", "data"))
			_, err := watchtools.UntilWithSync(wctx, lw, &corev1.PersistentVolumeClaim{}, nil, func(ev watch.Event) (bool, error) {
				pvc, ok := ev.Object.(*corev1.PersistentVolumeClaim)
				return ok && pvc.Status.Phase == corev1.ClaimBound, nil
			})
			if err != nil {
				t.Fatalf("pvc data not Bound: %v", err)
			}
			return ctx
		}).
		Assess("metrics.k8s.io returns pod metrics", func(ctx context.Context, t *testing.T, _ *envconf.Config) context.Context {
			if err := s.c.InstallMetricsServer(ctx, kind.DefaultMetricsServerImage, 3*time.Minute); err != nil {
				t.Fatal(err)
			}
			// The test namespace's pods appear after one metrics resolution.
			deadline := time.Now().Add(2 * time.Minute)
			for {
				n, err := s.c.PodMetricsCount(ctx, s.ns)
				if err == nil && n > 0 {
					t.Logf("metrics for %d pods in %s", n, s.ns)
					return ctx
				}
				if time.Now().After(deadline) {
					t.Fatalf("no pod metrics in %s: %v", s.ns, err)
				}
				select {
				case <-ctx.Done():
					t.Fatal(ctx.Err())
				case <-time.After(3 * time.Second): // metrics API has no watch
				}
			}
		}).Feature()
	testenv.Test(t, f)
}

func waitPodDone(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name string) corev1.PodPhase {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	lw := cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "pods", ns, fields.OneTermEqualSelector("metadata.name", name))
	ev, err := watchtools.UntilWithSync(wctx, lw, &corev1.Pod{}, nil, func(ev watch.Event) (bool, error) {
		p, ok := ev.Object.(*corev1.Pod)
		return ok && (p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed), nil
	})
	if err != nil {
		t.Fatalf("pod %s/%s did not finish: %v", ns, name, err)
	}
	return ev.Object.(*corev1.Pod).Status.Phase
}

// firstAnswer polls url until it answers 200 (kube-proxy has no watchable
// "rules synced" condition) or the timeout passes.
func firstAnswer(ctx context.Context, client *http.Client, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s never answered 200 within %s: %v", url, timeout, last)
		case <-tick.C:
		}
	}
}
