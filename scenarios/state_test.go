package scenarios

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/golive/resilience/harness/checks"
	"github.com/golive/resilience/harness/fault"
	"github.com/golive/resilience/harness/timeline"
)

// kv serves PUT and GET /state/{key}; shared=false answers every other
// read 404, as pods that each keep their own state would.
func kv(shared bool) http.Handler {
	var mu sync.Mutex
	m, n := map[string]string{}, 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/state/")
		mu.Lock()
		defer mu.Unlock()
		n++
		w.Header().Set("X-Served-By", []string{"pod-a", "pod-b"}[n%2])
		switch r.Method {
		case http.MethodPut:
			b, _ := io.ReadAll(r.Body)
			m[key] = string(b)
		case http.MethodGet:
			v, ok := m[key]
			if !ok || (!shared && n%2 == 0) {
				http.NotFound(w, r)
				return
			}
			io.WriteString(w, v)
		}
	})
}

func TestStateProbe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		shared bool
		want   func(got map[string]string) bool
	}{
		{"shared state", true, func(got map[string]string) bool { return count(got, checks.ReadOK) == StateKeys }},
		{"state per pod", false, func(got map[string]string) bool { return count(got, checks.ReadOK) < StateKeys }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(kv(tc.shared))
			defer srv.Close()
			var events []timeline.Event
			env := &fault.Env{RunID: "r1", Record: func(e timeline.Event) { events = append(events, e) }}
			p := &StateProbe{Paths: StatePaths{Write: srv.URL + "/state/{key}", Read: srv.URL + "/state/{key}"}}
			for _, step := range []fault.Fault{p.Write(), p.Read()} {
				if err := step.Inject(context.Background(), env, nil); err != nil {
					t.Fatal(err)
				}
			}
			notes := map[string]map[string]string{}
			for _, e := range events {
				if e.Kind == timeline.KindNote {
					notes[e.Message] = e.Attrs
				}
			}
			w, r := notes[checks.MsgStateWritten], notes[checks.MsgStateRead]
			if len(w) != StateKeys || w[checks.AttrKeyPrefix+"golive-r1-0"] == "" {
				t.Fatalf("written %v: want %d keys with their pods", w, StateKeys)
			}
			if !tc.want(r) {
				t.Errorf("read back %v", r)
			}
		})
	}
	// Without paths the probe is unsupported: the check says SKIP.
	err := (&StateProbe{}).Write().Inject(context.Background(), &fault.Env{}, nil)
	if !errors.Is(err, fault.ErrUnsupported) {
		t.Errorf("no paths: err = %v, want ErrUnsupported", err)
	}
}

func count(m map[string]string, v string) int {
	n := 0
	for _, x := range m {
		if x == v {
			n++
		}
	}
	return n
}

// flaky spoils the first tries of every request (per method and path):
// it drops the first try's connection, as a replaced pod leaving the
// Service does, and answers 503 to the second; later tries reach next.
// It counts the tries per method and key.
func flaky(next http.Handler, spoiled int) (http.Handler, func(method, key string) int) {
	var mu sync.Mutex
	tries := map[string]int{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tries[r.Method+" "+r.URL.Path]++
		n := tries[r.Method+" "+r.URL.Path]
		mu.Unlock()
		switch {
		case n > spoiled:
			next.ServeHTTP(w, r)
		case n == 1:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		default:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	})
	return h, func(method, key string) int {
		mu.Lock()
		defer mu.Unlock()
		return tries[method+" /state/"+key]
	}
}

// A write or read that got no answer, or a 5xx, is tried again: it says
// nothing about the state. A 404 is final: it does.
func TestStateProbeRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, tries := flaky(kv(true), 2)
	srv := httptest.NewServer(h)
	defer srv.Close()
	paths := StatePaths{Write: srv.URL + "/state/{key}", Read: srv.URL + "/state/{key}"}
	if pod, err := stateWrite(ctx, paths, "k", "v"); err != nil || pod == "" {
		t.Fatalf("write through a dropped connection and a 503: pod %q, %v; want it written on the third try", pod, err)
	}
	if got := stateRead(ctx, paths, "k", "v"); got != checks.ReadOK {
		t.Errorf("read through a dropped connection and a 503: %q, want %q", got, checks.ReadOK)
	}
	if n := tries(http.MethodPut, "k"); n != stateTries {
		t.Errorf("write tried %d times, want %d", n, stateTries)
	}

	h, tries = flaky(kv(true), 0)
	srv404 := httptest.NewServer(h)
	defer srv404.Close()
	paths404 := StatePaths{Read: srv404.URL + "/state/{key}"}
	if got := stateRead(ctx, paths404, "gone", "v"); !strings.HasPrefix(got, "not found") || tries(http.MethodGet, "gone") != 1 {
		t.Errorf("read of a missing key: %q after %d tries, want \"not found\" after 1", got, tries(http.MethodGet, "gone"))
	}
}
