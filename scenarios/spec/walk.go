package spec

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Bounds of walk: a spec is four levels deep and a few hundred nodes;
// aliases could make an exponential tree of a small file. A mapping's
// keys are bounded too: the YAML decoder checks each key against every
// other, so 60,000 selector labels took seconds.
const (
	maxDepth = 16
	maxNodes = 100000
	maxKeys  = 64
)

var (
	specType     = reflect.TypeFor[Spec]()
	durationType = reflect.TypeFor[time.Duration]()
)

// walk checks node against the Go type t before it is decoded: every
// mapping key must be a field of the struct it fills, and every struct,
// list and map must be written as one. It records each field's line under
// its path.
func walk(n *yaml.Node, t reflect.Type, path string, lines map[string]int, depth int, budget *int) error {
	*budget--
	switch {
	case depth > maxDepth:
		return &FieldError{Field: orRoot(path), Line: n.Line, Err: fmt.Errorf("%w: nested deeper than %d levels", ErrInvalid, maxDepth)}
	case *budget < 0:
		return &FieldError{Field: orRoot(path), Line: n.Line,
			Err: fmt.Errorf("%w: the spec holds more than %d values (an alias counts each time it is used)", ErrInvalid, maxNodes)}
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.MappingNode && len(n.Content)/2 > maxKeys {
		return &FieldError{Field: orRoot(path), Line: n.Line, Err: fmt.Errorf("%w: %d keys, at most %d", ErrInvalid, len(n.Content)/2, maxKeys)}
	}
	if isNull(n) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if t.PkgPath() != specType.PkgPath() {
			return nil // a value type such as time.Duration
		}
		if n.Kind != yaml.MappingNode {
			return wrongKind(n, path, "a mapping of fields")
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			f, ok := fieldByTag(t, key.Value)
			p := join(path, key.Value)
			if key.Kind != yaml.ScalarNode || !ok {
				return &FieldError{Field: p, Line: key.Line,
					Err: fmt.Errorf("%w (%s has %s)", ErrUnknownField, orRoot(path), strings.Join(tags(t), ", "))}
			}
			lines[p] = key.Line
			if err := walk(val, f.Type, p, lines, depth+1, budget); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return wrongKind(n, path, "a list")
		}
		for i, e := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			lines[p] = e.Line
			if err := walk(e, t.Elem(), p, lines, depth+1, budget); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return wrongKind(n, path, "a mapping")
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			p := join(path, key.Value)
			lines[p] = key.Line
			if err := walk(val, t.Elem(), p, lines, depth+1, budget); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return wrongKind(n, path, "a single value")
		}
		if err := wholeNumber(n, t); err != nil {
			return &FieldError{Field: orRoot(path), Line: n.Line, Err: err}
		}
		// Decoded alone, a value's type error names its own field, even
		// among others on the same line.
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			return &FieldError{Field: orRoot(path), Line: n.Line, Err: fmt.Errorf("%w: %s", ErrType, typeMessage(err))}
		}
	}
	return nil
}

// wholeNumber refuses a fraction where an integer goes: the YAML decoder
// would truncate "nodePort: 30090.5" to 30090 without a word. A float
// that is a whole number (3e4) decodes as it is.
func wholeNumber(n *yaml.Node, t reflect.Type) error {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return nil
	}
	if t == durationType || n.ShortTag() != "!!float" {
		return nil
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		return fmt.Errorf("%w: %s", ErrType, typeMessage(err))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		return fmt.Errorf("%w: %s is not a whole number", ErrType, n.Value)
	}
	return nil
}

// typeMessage is the first message of a yaml error without its line.
func typeMessage(err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		return err.Error()
	}
	msg := te.Errors[0]
	if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
		return rest
	}
	return msg
}

func wrongKind(n *yaml.Node, path, want string) error {
	got := map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list",
		yaml.ScalarNode: "a single value", yaml.DocumentNode: "a document", yaml.AliasNode: "an alias"}[n.Kind]
	return &FieldError{Field: orRoot(path), Line: n.Line, Err: fmt.Errorf("%w: want %s, got %s", ErrType, want, got)}
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == name && tag != "-" && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tags(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "spec"
	}
	return path
}
