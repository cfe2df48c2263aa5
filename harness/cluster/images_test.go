package cluster

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The tests wait 300 ms, not ImagesReported, for a node to list an image.
func init() { imagesReported = 300 * time.Millisecond }

// TestLoadImagesWaitsForTheReport: a node lists an image it was just given
// at its next status update; the check waits for it.
func TestLoadImagesWaitsForTheReport(t *testing.T) {
	t.Parallel()
	g, cs := withNodes(node("w1", false, false, nil))
	go func() {
		time.Sleep(100 * time.Millisecond) // the kubelet's next status update
		n := node("w1", false, false, nil, "golive.local/attacker:1")
		_, _ = cs.CoreV1().Nodes().UpdateStatus(context.Background(), n, metav1.UpdateOptions{})
	}()
	if err := g.LoadImages(t.Context(), "golive.local/attacker:1"); err != nil {
		t.Fatal(err)
	}
}

func TestLoadImages(t *testing.T) {
	t.Parallel()
	const tail = `, and context "x" has no node provider to load it: import it into those nodes' runtime, or run with the -tag of images already there`
	cluster := []*corev1.Node{
		node("cp", true, false, nil),
		node("w1", false, false, nil, "golive.local/target:1", "golive.local/attacker:1", "golive.local/probe"),
		node("w2", false, false, nil, "golive.local/attacker:1", "golive.local/probe:latest"),
		node("cordoned", false, true, nil),
	}
	// A node listing the kubelet's maximum may hold more than it lists.
	full := node("w1", false, false, nil)
	full.Status.Images = nil
	for i := range MaxStatusImages {
		full.Status.Images = append(full.Status.Images, corev1.ContainerImage{Names: []string{fmt.Sprintf("registry.example/filler:%d", i)}})
	}
	tests := []struct {
		name    string
		nodes   []*corev1.Node
		images  []string
		wantErr string
	}{
		{name: "on every schedulable worker, untagged as latest", nodes: cluster,
			images: []string{"golive.local/attacker:1", "golive.local/probe"}},
		{name: "missing on one worker names that node", nodes: cluster, images: []string{"golive.local/attacker:1", "golive.local/target:1"},
			wantErr: `image "golive.local/target:1" is not on node w2` + tail},
		{name: "images of a registry are the kubelet's to pull", nodes: cluster, images: []string{"nginx:1.27", "ghcr.io/acme/web:2"}},
		{name: "several missing images", nodes: cluster, images: []string{"golive.local/a:1", "golive.local/b:1"},
			wantErr: `image "golive.local/a:1" is not on nodes w1, w2; image "golive.local/b:1" is not on nodes w1, w2, and context "x" has no node provider to load them: import them into those nodes' runtime, or run with the -tag of images already there`},
		{name: "a full status list is not held against a node",
			nodes:  []*corev1.Node{full, node("w2", false, false, nil)},
			images: []string{"golive.local/target:1"}, wantErr: `image "golive.local/target:1" is not on node w2` + tail},
		{name: "single-node cluster checks its control plane", nodes: []*corev1.Node{node("cp", true, false, nil, "golive.local/target:1")},
			images: []string{"golive.local/target:1"}},
		{name: "single-node cluster missing the image", nodes: []*corev1.Node{node("cp", true, false, nil)},
			images: []string{"golive.local/target:1"}, wantErr: `image "golive.local/target:1" is not on node cp` + tail},
		{name: "no nodes", images: []string{"golive.local/target:1"}, wantErr: `context "x": the API lists no nodes`},
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
