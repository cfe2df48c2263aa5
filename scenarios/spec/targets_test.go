package spec

import (
	"errors"
	"strings"
	"testing"
)

// two is a spec with two targets.
const two = `targets:
- namespace: shop
  manifests: [app]
  deployment: web
  selector: {app: web}
  nodePort: 30090
- namespace: cart
  manifests: [cart]
  deployment: cart
  selector: {app: cart}
  nodePort: 30091
  rate: 10
`

func TestDecodeTargets(t *testing.T) {
	t.Parallel()
	s, err := Decode([]byte(two), "/specs")
	if err != nil {
		t.Fatal(err)
	}
	ts := s.Tenants()
	if len(ts) != 2 || ts[0].Target.Namespace != "shop" || ts[1].Target.Namespace != "cart" {
		t.Fatalf("tenants %+v", ts)
	}
	// Defaults apply to each target.
	if ts[0].Target.Rate != DefaultRate || ts[1].Target.Rate != 10 || len(ts[1].Target.Paths) != 1 {
		t.Errorf("defaults: %+v, %+v", ts[0].Target, ts[1].Target)
	}
	if one, _ := Decode([]byte(minimal), "/specs"); len(one.Tenants()) != 1 || one.Tenants()[0] != one {
		t.Error("a spec with one target is its own only tenant")
	}
}

func TestDecodeTargetsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, yaml string
		err        error
		field      string
		line       int
	}{
		{"an error names its target", strings.Replace(two, "  nodePort: 30091\n", "", 1), ErrRequired, "targets[1].nodePort", 7},
		{"a bad field of the second target", strings.Replace(two, "deployment: cart", "deployment: Cart_", 1), ErrInvalid, "targets[1].deployment", 9},
		{"two targets in one namespace", strings.Replace(two, "namespace: cart", "namespace: shop", 1), ErrDuplicate, "targets[1].namespace", 7},
		{"two targets on one NodePort", strings.Replace(two, "30091", "30090", 1), ErrDuplicate, "targets[1].nodePort", 11},
		{"target and targets", minimal + strings.TrimPrefix(two, ""), ErrInvalid, "target", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode([]byte(tc.yaml), "/specs")
			var fe *FieldError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) || fe.Field != tc.field || fe.Line != tc.line {
				t.Errorf("err = %v, want %v on %s line %d", err, tc.err, tc.field, tc.line)
			}
		})
	}
}
