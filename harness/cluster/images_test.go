package cluster

import (
	"errors"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestLoadImages(t *testing.T) {
	t.Parallel()
	const tail = `, and context "x" has no node provider to load it: push it to a registry the cluster pulls from`
	cluster := []*corev1.Node{
		node("cp", true, false, nil),
		node("w1", false, false, nil, "docker.io/library/nginx:1.27", "golive.local/target:1", "docker.io/bitnami/redis:7", "docker.io/library/busybox:latest"),
		node("w2", false, false, nil, "docker.io/library/nginx:1.27", "docker.io/library/busybox:latest"),
		node("cordoned", false, true, nil),
	}
	tests := []struct {
		name    string
		nodes   []*corev1.Node
		images  []string
		wantErr string
	}{
		{name: "on every schedulable worker, by exact or normalised name", nodes: cluster,
			images: []string{"nginx:1.27", "docker.io/library/nginx:1.27", "busybox"}},
		{name: "missing on one worker names that node", nodes: cluster, images: []string{"nginx:1.27", "golive.local/target:1"},
			wantErr: `image "golive.local/target:1" is not on node w2` + tail},
		{name: "normalised under docker.io/ only for single names", nodes: cluster, images: []string{"bitnami/redis:7"},
			wantErr: `image "bitnami/redis:7" is not on node w2` + tail},
		{name: "a registry host is not docker.io", nodes: cluster, images: []string{"localhost:5000/nginx:1.27"},
			wantErr: `image "localhost:5000/nginx:1.27" is not on nodes w1, w2` + tail},
		{name: "several missing images", nodes: cluster, images: []string{"a:1", "b:1"},
			wantErr: `image "a:1" is not on nodes w1, w2; image "b:1" is not on nodes w1, w2, and context "x" has no node provider to load them: push them to a registry the cluster pulls from`},
		{name: "single-node cluster checks its control plane", nodes: []*corev1.Node{node("cp", true, false, nil, "docker.io/library/nginx:1.27")},
			images: []string{"nginx:1.27"}},
		{name: "single-node cluster missing the image", nodes: []*corev1.Node{node("cp", true, false, nil)},
			images: []string{"nginx:1.27"}, wantErr: `image "nginx:1.27" is not on node cp` + tail},
		{name: "no nodes", images: []string{"nginx:1.27"}, wantErr: `context "x": the API lists no nodes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, _ := withNodes(tt.nodes...)
			err := g.LoadImages(t.Context(), tt.images...)
			if errString(err) != tt.wantErr {
				t.Fatalf("LoadImages error:\n got %v\nwant %s", err, tt.wantErr)
			}
			if lacking := tt.wantErr != "" && tt.nodes != nil; lacking != errors.Is(err, ErrNoNodeProvider) {
				t.Errorf("errors.Is(%v, ErrNoNodeProvider) = %t, want %t", err, !lacking, lacking)
			}
		})
	}
}
