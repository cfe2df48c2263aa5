package runner

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/golive/resilience/harness"
	"github.com/golive/resilience/harness/attack"
	"github.com/golive/resilience/harness/netpol"
	"github.com/golive/resilience/kind"
)

// attackerImage is the attackers' image for a run tagged tag.
func attackerImage(tag string) string {
	return strings.Split(attack.DefaultImage, ":")[0] + ":" + tag
}

// buildAttacker builds the attacker (cmd/attacker of this module) into a
// FROM-scratch image.
func buildAttacker(ctx context.Context, ref string) error {
	return kind.ImageFromPackage(ctx, ref, attack.Package)
}

// deployAttackers starts the target's attackers in its namespace when its
// load comes from the cluster: with the labels its NetworkPolicies admit
// clients by, from the image loaded into the nodes.
func deployAttackers(ctx context.Context, cs kubernetes.Interface, q *Plan) error {
	if q.AttackerImage == "" {
		return nil
	}
	t := q.Spec.ScenarioTarget()
	admitted := t.Admitted
	if len(admitted) == 0 {
		admitted = netpol.DefaultAdmitted
	}
	host, _, err := attack.Service{Namespace: t.Namespace, Name: t.ServiceName()}.Address(ctx, cs, int32(t.NodePort), int32(t.ServicePort))
	if err != nil {
		return err
	}
	_, err = attack.Deploy(ctx, cs, attack.Config{Namespace: t.Namespace, Count: q.Spec.Load.Attackers,
		Image: q.AttackerImage, PullPolicy: corev1.PullNever, Labels: admitted, Hosts: []string{host}})
	return err
}

// loadFunc is how the plans' load is sent: from this machine, or from each
// target's attackers.
func loadFunc(c Cluster, cs kubernetes.Interface, plans []*Plan, cfg config) harness.LoadFunc {
	if plans[0].AttackerImage == "" {
		return harness.Loadgen()
	}
	l := &attack.Loader{Client: cs, Config: c.RESTConfig(), Services: map[int]attack.Service{}, Count: plans[0].Spec.Load.Attackers,
		Lost: func(ns, name string, share float64, err error) {
			cfg.log.Warn("attacker lost: its share of the load is gone", "namespace", ns, "pod", name, "share", share, "error", err)
		}}
	for _, q := range plans {
		t := q.Spec.Target
		if t.NodePort != 0 {
			l.Services[t.NodePort] = attack.Service{Namespace: t.Namespace, Name: t.ServiceName()}
		}
	}
	return l.Func()
}

// loadFrom says where the plan's load comes from, for the report's header.
func loadFrom(p *Plan) string {
	if p.AttackerImage == "" {
		return "this machine"
	}
	return fmt.Sprintf("the cluster: %d attacker pods per target", p.Spec.Load.Attackers)
}
