package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads and decodes the spec file at path; its relative paths are
// relative to the file's folder.
func Load(path string) (*Spec, error) {
	return LoadContext(context.Background(), path)
}

// LoadContext is Load that gives up reading when ctx is done. The spec
// must be a regular file of at most MaxFileSize (see ReadFile).
func LoadContext(ctx context.Context, path string) (*Spec, error) {
	data, err := ReadFile(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("reading spec: %w", err)
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	s, err := Decode(data, abs)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	return s, nil
}

// Decode reads a spec from one YAML document, strictly: a field that the
// Spec does not have, a value of the wrong type or a second document is an
// error that names the field and its line. It fills in the defaults and
// validates the result; relative paths in it are relative to dir. Decode
// touches no file.
func Decode(data []byte, dir string) (*Spec, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("decoding spec: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &FieldError{Field: "---", Line: extra.Line, Err: fmt.Errorf("%w: a spec is one YAML document", ErrInvalid)}
	} else if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decoding spec: %w", err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if isNull(root) {
		return nil, ErrEmpty
	}
	s := &Spec{Dir: dir, lines: map[string]int{}}
	budget := maxNodes
	if err := walk(root, specType, "", s.lines, 0, &budget); err != nil {
		return nil, err
	}
	if err := root.Decode(s); err != nil {
		return nil, s.typeError(err)
	}
	s.Dir = dir
	s.Default()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// typeError names the field of a yaml type error by its line.
func (s *Spec) typeError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		return fmt.Errorf("decoding spec: %w", err)
	}
	var line int
	msg := te.Errors[0]
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, msg, _ = strings.Cut(msg, ": ")
	}
	// The deepest field on that line is the one whose value is wrong.
	field := ""
	for path, l := range s.lines {
		if l == line && (len(path) > len(field) || len(path) == len(field) && path < field) {
			field = path
		}
	}
	return &FieldError{Field: orRoot(field), Line: line, Err: fmt.Errorf("%w: %s", ErrType, msg)}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}
