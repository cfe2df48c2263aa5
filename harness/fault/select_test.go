package fault

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/golive/resilience/kind"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
)

func pod(name string, phase corev1.PodPhase, lbl map[string]string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "app", Labels: lbl},
		Status: corev1.PodStatus{Phase: phase}}
}

func names(pods []corev1.Pod) []string {
	var out []string
	for _, p := range pods {
		out = append(out, p.Name)
	}
	return out
}

func TestPickPodsIsSeeded(t *testing.T) {
	t.Parallel()
	web := map[string]string{"app": "web"}
	objs := []runtime.Object{
		pod("web-c", corev1.PodRunning, web), pod("web-a", corev1.PodRunning, web),
		pod("web-e", corev1.PodRunning, web), pod("web-b", corev1.PodRunning, web),
		pod("web-d", corev1.PodRunning, web), pod("web-pending", corev1.PodPending, web),
		pod("db-0", corev1.PodRunning, map[string]string{"app": "db"}),
	}
	pick := func(seed uint64) []string {
		env := &Env{Client: fake.NewClientset(objs...), Namespace: "app", Selector: web,
			Rand: rand.New(rand.NewPCG(seed, 0))}
		var got []string
		for range 3 {
			p, err := PickPods(context.Background(), env, "", nil, 2)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, names(p)...)
		}
		return got
	}
	a, b, c := pick(42), pick(42), pick(7)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different victims (-first +second):\n%s", diff)
	}
	if cmp.Equal(a, c) {
		t.Errorf("seeds 42 and 7 picked the same six victims %v", a)
	}
	for _, n := range a {
		if n == "web-pending" || n == "db-0" {
			t.Errorf("picked %s, which is not a running target pod", n)
		}
	}
	env := &Env{Client: fake.NewClientset(objs...)}
	got, err := PickPods(context.Background(), env, "app", web, 2)
	if err != nil || !cmp.Equal(names(got), []string{"web-a", "web-b"}) {
		t.Errorf("unseeded pick = %v, %v; want the first two by name", names(got), err)
	}
}

func TestPickPodsNoVictim(t *testing.T) {
	t.Parallel()
	env := &Env{Client: fake.NewClientset()}
	if _, err := PickPods(context.Background(), env, "app", map[string]string{"app": "x"}, 1); !errors.Is(err, ErrNoVictim) {
		t.Fatalf("err = %v, want ErrNoVictim", err)
	}
}

func TestPickWorkers(t *testing.T) {
	t.Parallel()
	nodes := []kind.Node{{Name: "cp", Role: kind.ControlPlane}, {Name: "w2", Role: kind.Worker}, {Name: "w1", Role: kind.Worker}}
	tests := []struct {
		name    string
		want    string
		n       int
		wantErr error
		expect  []string
	}{
		{name: "by name", want: "w2", n: 1, expect: []string{"w2"}},
		{name: "never the control plane", want: "cp", n: 1, wantErr: ErrNoVictim},
		{name: "first by name", n: 1, expect: []string{"w1"}},
		{name: "capped", n: 5, expect: []string{"w1", "w2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := PickWorkers(&Env{Nodes: nodes}, tt.want, tt.n)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var gotNames []string
			for _, n := range got {
				gotNames = append(gotNames, n.Name)
			}
			if diff := cmp.Diff(tt.expect, gotNames); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestChainNames(t *testing.T) {
	t.Parallel()
	a, b := Chain("PARTITION", "run-1/0"), Chain("PARTITION", "run-1/1")
	if a == b || len(a) > 28 || a[:len(ChainPrefix)] != ChainPrefix {
		t.Fatalf("chains %q, %q: want distinct names of ours within 28 characters", a, b)
	}
	if Chain("PARTITION", "run-1/0") != a {
		t.Fatal("chain name is not stable")
	}
}
