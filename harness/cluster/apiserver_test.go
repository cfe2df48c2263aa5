package cluster

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// fakeAPI plays a minimal API server: /version, discovery for v1, apps/v1
// and, once crd is set, example.com/v1, pod metrics for kube-system, and
// PATCH and DELETE of anything, which it records. answers gives the HTTP
// status of a PATCH or DELETE path that does not succeed.
type fakeAPI struct {
	*httptest.Server
	crd     atomic.Bool
	answers map[string]int
	mu      sync.Mutex
	got     []string
}

func newFakeAPI(t *testing.T, answers map[string]int) (*fakeAPI, *Generic) {
	t.Helper()
	f := &fakeAPI{answers: answers}
	f.Server = httptest.NewServer(f)
	t.Cleanup(f.Close)
	return f, New("fake", &rest.Config{Host: f.URL})
}

func (f *fakeAPI) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func resources(gv string, rs ...metav1.APIResource) metav1.APIResourceList {
	return metav1.APIResourceList{TypeMeta: metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv, APIResources: rs}
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := func(code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(v)
	}
	group := func(name string) metav1.APIGroup {
		v := metav1.GroupVersionForDiscovery{GroupVersion: name + "/v1", Version: "v1"}
		return metav1.APIGroup{Name: name, Versions: []metav1.GroupVersionForDiscovery{v}, PreferredVersion: v}
	}
	if r.Method == http.MethodPatch || r.Method == http.MethodDelete {
		body, _ := io.ReadAll(r.Body)
		var opts metav1.DeleteOptions
		_ = json.Unmarshal(body, &opts)
		rec := fmt.Sprintf("PATCH %s %s %s", r.URL.Path, r.Header.Get("Content-Type"), r.URL.RawQuery)
		if r.Method == http.MethodDelete {
			rec = fmt.Sprintf("DELETE %s %s", r.URL.Path, *opts.PropagationPolicy)
		}
		f.mu.Lock()
		f.got = append(f.got, rec)
		f.mu.Unlock()
		if code := f.answers[r.URL.Path]; code != 0 {
			reply(code, metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure,
				Code: int32(code), Message: "refused by the fake API"})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
		return
	}
	groups := metav1.APIGroupList{TypeMeta: metav1.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"}, Groups: []metav1.APIGroup{group("apps")}}
	if f.crd.Load() {
		groups.Groups = append(groups.Groups, group("example.com"))
	}
	switch r.URL.Path {
	case "/version":
		reply(200, map[string]string{"gitVersion": "v1.35.0"})
	case "/api":
		reply(200, metav1.APIVersions{TypeMeta: metav1.TypeMeta{Kind: "APIVersions"}, Versions: []string{"v1"}})
	case "/apis":
		reply(200, groups)
	case "/api/v1":
		reply(200, resources("v1",
			metav1.APIResource{Name: "namespaces", Kind: "Namespace", Verbs: []string{"patch", "delete"}},
			metav1.APIResource{Name: "configmaps", Kind: "ConfigMap", Namespaced: true, Verbs: []string{"patch", "delete"}}))
	case "/apis/apps/v1":
		reply(200, resources("apps/v1", metav1.APIResource{Name: "deployments", Kind: "Deployment", Namespaced: true, Verbs: []string{"patch", "delete"}}))
	case "/apis/example.com/v1":
		reply(200, resources("example.com/v1", metav1.APIResource{Name: "widgets", Kind: "Widget", Namespaced: true, Verbs: []string{"patch", "delete"}}))
	case "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods":
		reply(200, map[string][]any{"items": {map[string]any{}, map[string]any{}}})
	default:
		reply(404, metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure, Code: 404, Reason: metav1.StatusReasonNotFound})
	}
}
