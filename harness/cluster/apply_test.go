package cluster

import (
	"slices"
	"testing"
)

const (
	shop = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
# only a comment
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
`
	widget    = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
	configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: warm}\n"
	ssa       = " application/apply-patch+yaml fieldManager=golive-resilience&force=true"
)

func TestApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		manifests string
		answers   map[string]int
		warm, crd bool // discovery cached before the server serves Widget
		want      []string
		wantErr   string
	}{
		{name: "namespace as written, default when none", manifests: shop, want: []string{
			"PATCH /api/v1/namespaces/shop" + ssa,
			"PATCH /apis/apps/v1/namespaces/shop/deployments/web" + ssa,
			"PATCH /api/v1/namespaces/default/configmaps/cfg" + ssa,
		}},
		{name: "document without a name applies nothing", manifests: shop + "---\nkind: ConfigMap\napiVersion: v1\n",
			wantErr: "manifest document 5: want apiVersion, kind and metadata.name"},
		{name: "server refusal names the object", manifests: shop, answers: map[string]int{"/apis/apps/v1/namespaces/shop/deployments/web": 403},
			want:    []string{"PATCH /api/v1/namespaces/shop" + ssa, "PATCH /apis/apps/v1/namespaces/shop/deployments/web" + ssa},
			wantErr: "applying Deployment shop/web: refused by the fake API"},
		{name: "kind installed after discovery was cached", manifests: widget, warm: true, crd: true,
			want: []string{"PATCH /apis/example.com/v1/namespaces/default/widgets/w" + ssa}},
		{name: "kind the server does not serve", manifests: widget, warm: true,
			wantErr: `applying Widget w: no matches for kind "Widget" in version "example.com/v1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, g := newFakeAPI(t, tt.answers)
			var warmed int
			if tt.warm {
				if err := g.Apply(t.Context(), []byte(configMap)); err != nil {
					t.Fatalf("warming discovery: %v", err)
				}
				warmed = 1
			}
			f.crd.Store(tt.crd)
			err := g.Apply(t.Context(), []byte(tt.manifests))
			if got := errString(err); got != tt.wantErr {
				t.Errorf("Apply error = %q, want %q", got, tt.wantErr)
			}
			if got := f.requests()[warmed:]; !slices.Equal(got, tt.want) {
				t.Errorf("requests:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRemove(t *testing.T) {
	t.Parallel()
	const del = "DELETE /apis/apps/v1/namespaces/shop/deployments/web Background"
	tests := []struct {
		name      string
		manifests string
		answers   map[string]int
		want      []string
		wantErr   string
	}{
		{name: "reverse order, objects already gone ignored", manifests: shop + "---\n" + widget,
			answers: map[string]int{"/apis/apps/v1/namespaces/shop/deployments/web": 404},
			want:    []string{"DELETE /api/v1/namespaces/default/configmaps/cfg Background", del, "DELETE /api/v1/namespaces/shop Background"}},
		{name: "server refusal names the object", manifests: shop,
			answers: map[string]int{"/apis/apps/v1/namespaces/shop/deployments/web": 403},
			want:    []string{"DELETE /api/v1/namespaces/default/configmaps/cfg Background", del},
			wantErr: "removing Deployment shop/web: refused by the fake API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, g := newFakeAPI(t, tt.answers)
			err := g.Remove(t.Context(), []byte(tt.manifests))
			if got := errString(err); got != tt.wantErr {
				t.Errorf("Remove error = %q, want %q", got, tt.wantErr)
			}
			if got := f.requests(); !slices.Equal(got, tt.want) {
				t.Errorf("requests:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
