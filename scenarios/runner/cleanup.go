package runner

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/kind"
)

// DefaultOwnerTimeout bounds the question whether a cluster is ours.
const DefaultOwnerTimeout = 30 * time.Second

// Cleaned is what Cleanup found on one kind cluster and what it did.
type Cleaned struct {
	Cluster string
	// Ours says every node carries kind.OwnerLabel: this project made it.
	Ours bool
	// Leftovers are what faults of crashed runs left (swept unless a dry
	// run); Namespaces the namespaces runs created.
	Leftovers  []fault.Leftover
	Namespaces []string
	// Deleted says the cluster was deleted.
	Deleted bool
	// Err is what went wrong on this cluster.
	Err error
}

// CleanupOptions configure Cleanup.
type CleanupOptions struct {
	// DryRun only looks.
	DryRun bool
	// KeepClusters sweeps and deletes the runs' namespaces but keeps the
	// clusters.
	KeepClusters bool
	Log          *slog.Logger
}

// Cleanup visits every kind cluster on the engine. On each one this
// project made, it undoes what faults of crashed runs left
// (harness.Sweep) and deletes the cluster — or, with KeepClusters, the
// namespaces runs created. Other clusters are listed and left alone.
func Cleanup(ctx context.Context, p *kind.Provider, o CleanupOptions) ([]Cleaned, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	names, err := p.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing kind clusters: %w", err)
	}
	out := make([]Cleaned, 0, len(names))
	for _, name := range names {
		cl := Cleaned{Cluster: name}
		cl.Err = cleanOne(ctx, p, &cl, o)
		out = append(out, cl)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

func cleanOne(ctx context.Context, p *kind.Provider, cl *Cleaned, o CleanupOptions) error {
	c, err := p.Attach(ctx, cl.Cluster)
	if err != nil {
		return err
	}
	cs, err := c.Clientset()
	if err != nil {
		return err
	}
	if cl.Ours, err = ours(ctx, cs); err != nil || !cl.Ours {
		return err
	}
	sweep := harness.Sweep
	if o.DryRun {
		sweep = harness.Leftovers
	}
	o.Log.Info("sweeping", "cluster", cl.Cluster, "dry-run", o.DryRun)
	if cl.Leftovers, err = sweep(ctx, c, harness.WithLogger(o.Log)); err != nil {
		return err
	}
	if cl.Namespaces, err = runNamespaces(ctx, cs); err != nil {
		return err
	}
	switch {
	case o.DryRun:
		return nil
	case o.KeepClusters:
		for _, ns := range cl.Namespaces {
			if err := undeploy(c, ns); err != nil {
				return err
			}
		}
		return nil
	}
	if err := p.Delete(ctx, cl.Cluster); err != nil {
		return err
	}
	cl.Deleted = true
	return nil
}

// ours reports whether every node carries our owner label.
func ours(ctx context.Context, cs kubernetes.Interface) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultOwnerTimeout)
	defer cancel()
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, fmt.Errorf("cannot tell whether the cluster is ours: listing nodes: %w", err)
	}
	for _, n := range nodes.Items {
		if !owned(n.Labels) {
			return false, nil
		}
	}
	return len(nodes.Items) > 0, nil
}

// runNamespaces lists the namespaces runs created.
func runNamespaces(ctx context.Context, cs kubernetes.Interface) ([]string, error) {
	list, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(Owned).String()})
	if err != nil {
		return nil, fmt.Errorf("listing the runs' namespaces: %w", err)
	}
	var out []string
	for _, ns := range list.Items {
		out = append(out, ns.Name)
	}
	return out, nil
}
