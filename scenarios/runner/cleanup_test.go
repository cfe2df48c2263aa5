package runner

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/golive/resilience/kind"
)

func node(name string, labels map[string]string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
}

func namespace(name string, labels map[string]string) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
}

func TestOurs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		nodes []*corev1.Node
		want  bool
	}{
		{"every node labelled", []*corev1.Node{node("cp", Owned), node("w1", Owned)}, true},
		{"one node without", []*corev1.Node{node("cp", Owned), node("w1", nil)}, false},
		{"no nodes", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cs := fake.NewClientset()
			for _, n := range tc.nodes {
				if _, err := cs.CoreV1().Nodes().Create(context.Background(), n, metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := ours(context.Background(), cs)
			if err != nil || got != tc.want {
				t.Errorf("ours = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestRunNamespaces(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(namespace("web-test", Owned), namespace("default", nil),
		namespace("shop", map[string]string{kind.OwnerLabel: "someone-else"}))
	got, err := runNamespaces(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"web-test"}, got); diff != "" {
		t.Errorf("namespaces (-want +got):\n%s", diff)
	}
}

func TestClaimRefusesANamespaceNotOurs(t *testing.T) {
	t.Parallel()
	cs := fake.NewClientset(namespace("shop", nil))
	if err := claim(context.Background(), nil, cs, "shop"); !errors.Is(err, ErrNamespaceTaken) {
		t.Errorf("claim of a user's namespace = %v, want ErrNamespaceTaken", err)
	}
	if err := claim(context.Background(), nil, cs, "fresh"); err != nil {
		t.Errorf("claim of a missing namespace = %v", err)
	}
}

func TestDeployLeavesAUsersNamespaceAlone(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	s.Target.Namespace = "shop"
	cs := fake.NewClientset(namespace("shop", nil))
	created, err := deploy(context.Background(), nil, cs, &Plan{Spec: s})
	if created || !errors.Is(err, ErrNamespaceTaken) {
		t.Errorf("deploy into a user's namespace: created %v, %v", created, err)
	}
}
