// Package clustertest gives the harness's cluster tests the real kind
// cluster named by GOLIVE_CLUSTER, a guarded fault environment, a target
// workload in a namespace of their own, and a check that the cluster is
// back to the state it had before a fault. Tests skip under -short and
// when GOLIVE_CLUSTER is unset.
package clustertest

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
)

// EnvCluster names the environment variable holding the cluster's name.
const EnvCluster = "GOLIVE_CLUSTER"

// EnvImage names the environment variable that overrides the image the
// target and stress pods run (it must be on the nodes and have busybox's
// sh, sleep and httpd).
const EnvImage = "GOLIVE_IMAGE"

// Cluster returns the kind cluster named by GOLIVE_CLUSTER, or skips.
func Cluster(t testing.TB) *kind.Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("cluster test: skipped under -short (needs the real kind cluster named by " + EnvCluster + ")")
	}
	name := os.Getenv(EnvCluster)
	if name == "" {
		t.Skip("cluster test: " + EnvCluster + " is unset (set it to a kind cluster made by this project, e.g. golive)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := kind.NewProvider().Get(ctx, name)
	if err != nil {
		t.Fatalf("cluster %q: %v", name, err)
	}
	return c
}

// Env returns the cluster, a fault environment on it that passed the
// safety check, and the recorder of its events. The run ID names the test.
func Env(t testing.TB) (*kind.Cluster, *fault.Env, *Recorder) {
	t.Helper()
	c := Cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id := "test-" + fault.ShortID(t.Name(), time.Now().String())
	env, err := harness.NewEnv(ctx, c, harness.WithRunID(id))
	if err != nil {
		t.Fatalf("fault environment: %v", err)
	}
	rec := &Recorder{t: t}
	env.Record = rec.Record
	return c, env, rec
}

// Image returns the busybox image the target and stress pods run: the
// GOLIVE_IMAGE override, or kind's local-path helper image found on a
// worker (busybox, built offline with the node image). It skips when
// there is none.
func Image(t testing.TB, env *fault.Env) string {
	t.Helper()
	if img := os.Getenv(EnvImage); img != "" {
		return img
	}
	for _, n := range env.Nodes {
		if n.Role != kind.Worker {
			continue
		}
		out, err := env.Exec(context.Background(), n.Name, "crictl", "images", "-o", "json")
		if err != nil {
			t.Fatalf("listing images on %s: %v", n.Name, err)
		}
		var list struct {
			Images []struct{ RepoTags []string } `json:"images"`
		}
		if err := json.Unmarshal(out, &list); err != nil {
			t.Fatalf("decoding images on %s: %v", n.Name, err)
		}
		for _, img := range list.Images {
			for _, tag := range img.RepoTags {
				if strings.Contains(tag, "local-path-helper") || strings.Contains(tag, "busybox") {
					return tag
				}
			}
		}
		break
	}
	t.Skip("cluster test: no busybox image on the nodes; set " + EnvImage)
	return ""
}
