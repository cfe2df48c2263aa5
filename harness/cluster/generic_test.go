package cluster

import (
	"cmp"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// kubeconfig writes a kubeconfig whose context "up" (the current one)
// reaches server and "down" a local port nothing listens on.
func kubeconfig(t *testing.T, server string) (path, down string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down = "http://" + l.Addr().String()
	_ = l.Close()
	cfg := clientcmdapi.NewConfig()
	cfg.CurrentContext = "up"
	for name, url := range map[string]string{"up": server, "down": down} {
		cfg.Clusters[name] = &clientcmdapi.Cluster{Server: url}
		cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{}
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	}
	path = filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path, down
}

func TestAttach(t *testing.T) {
	t.Parallel()
	f, _ := newFakeAPI(t, nil)
	path, down := kubeconfig(t, f.URL)
	tests := []struct {
		name, kubeconfig, context, want, wantErr string
	}{
		{name: "current context", want: "up"},
		{name: "named context", context: "up", want: "up"},
		{name: "missing context", context: "prod", wantErr: `kubeconfig has no context "prod" (have down, up)`},
		{name: "kubeconfig missing", kubeconfig: "/nonexistent/kubeconfig", context: "up", wantErr: `reading kubeconfig /nonexistent/kubeconfig: `},
		{name: "API server does not answer", context: "down", wantErr: `context "down": API server ` + down + ` does not answer: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			file := cmp.Or(tt.kubeconfig, path)
			g, err := Attach(ctx, file, tt.context)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("Attach error = %v, want it to start %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Attach: %v", err)
			}
			rc := g.RESTConfig()
			if g.ClusterName() != tt.want || g.Context() != tt.want || g.Kubeconfig() != path || rc.Host != f.URL || rc.QPS != 50 || rc.Burst != 100 {
				t.Errorf("Attach = name %q context %q kubeconfig %q host %s QPS %v burst %d, want %q %q %q %s 50 100",
					g.ClusterName(), g.Context(), g.Kubeconfig(), rc.Host, rc.QPS, rc.Burst, tt.want, tt.want, path, f.URL)
			}
		})
	}
}

func TestPodMetricsCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		namespace string
		want      int
		wantErr   string
	}{
		{namespace: "kube-system", want: 2},
		{namespace: "shop", wantErr: `context "fake": reading pod metrics in shop: the server could not find the requested resource`},
	}
	for _, tt := range tests {
		t.Run(tt.namespace, func(t *testing.T) {
			t.Parallel()
			_, g := newFakeAPI(t, nil)
			got, err := g.PodMetricsCount(t.Context(), tt.namespace)
			if got != tt.want || errString(err) != tt.wantErr {
				t.Errorf("PodMetricsCount(%s) = %d, %v; want %d, %q", tt.namespace, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
