package controlplane

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/internal/fakeengine"
	"github.com/golive/resilience/kind"
	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// frozenAPI is a fake control plane: SIGSTOP on pid 99 makes API reads
// hang until their deadline, SIGCONT makes them answer again.
func frozenAPI(t *testing.T) (*fault.Env, *fakeengine.Engine, *atomic.Bool) {
	t.Helper()
	var frozen atomic.Bool
	cs := fake.NewClientset()
	cs.PrependReactor("get", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		if frozen.Load() {
			return true, nil, context.DeadlineExceeded
		}
		return false, nil, nil // NotFound: still an answer
	})
	eng := &fakeengine.Engine{Handler: func(line string) ([]byte, error) {
		switch line {
		case "exec cp pgrep -o -x kube-apiserver":
			return []byte("99\n"), nil
		case "exec cp kill -STOP 99":
			frozen.Store(true)
		case "exec cp kill -CONT 99":
			frozen.Store(false)
		case "exec cp ps -o pid=,stat=,comm= -C kube-apiserver,etcd":
			state := "Ssl"
			if frozen.Load() {
				state = "Tsl"
			}
			return []byte("   99 " + state + " kube-apiserver\n   12 Ssl etcd\n"), nil
		default:
			return nil, errors.New("unexpected " + line)
		}
		return nil, nil
	}}
	env := &fault.Env{Client: cs, Engine: eng, Nodes: []kind.Node{{Name: "cp", Role: kind.ControlPlane}, {Name: "w1", Role: kind.Worker}}}
	return env, eng, &frozen
}

func TestFreeze(t *testing.T) {
	t.Parallel()
	env, eng, frozen := frozenAPI(t)
	undo := fault.NewUndo("f", time.Minute, nil)
	t.Cleanup(func() { _ = undo.Revert() })
	if err := (Freeze{}).Inject(context.Background(), env, undo); err != nil {
		t.Fatal(err)
	}
	if !frozen.Load() {
		t.Fatal("not frozen after inject")
	}
	if err := undo.Revert(); err != nil || frozen.Load() {
		t.Fatalf("revert = %v, frozen %v", err, frozen.Load())
	}
	want := []string{"exec cp pgrep -o -x kube-apiserver", "exec cp kill -STOP 99", "exec cp kill -CONT 99"}
	if diff := cmp.Diff(want, eng.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if err := (Freeze{Process: "kubelet"}).Inject(context.Background(), env, undo); !errors.Is(err, ErrBadProcess) {
		t.Errorf("kubelet: err = %v, want ErrBadProcess", err)
	}
}

func TestSweepThaws(t *testing.T) {
	t.Parallel()
	env, _, frozen := frozenAPI(t)
	frozen.Store(true) // a run died with the API server frozen
	for _, dry := range []bool{true, false} {
		got, err := Sweep(context.Background(), env, dry)
		if err != nil || len(got) != 1 || !strings.Contains(got[0].What, "pid 99") {
			t.Fatalf("dry=%v: Sweep = %v, %v", dry, got, err)
		}
	}
	if frozen.Load() {
		t.Fatal("still frozen after sweep")
	}
	if got, _ := Sweep(context.Background(), env, true); len(got) != 0 {
		t.Fatalf("second sweep found %v", got)
	}
}
