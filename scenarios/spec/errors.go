package spec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors of Decode and Validate; every one reaches the caller
// inside a *FieldError that names the field and its line. ErrNotRegular
// and ErrTooLarge are ReadFile's: Load returns them naming the spec file,
// Render inside a *FieldError naming the manifest.
var (
	ErrEmpty        = errors.New("spec is empty")
	ErrUnknownField = errors.New("unknown field")
	ErrType         = errors.New("wrong type")
	ErrRequired     = errors.New("required")
	ErrOutOfRange   = errors.New("out of range")
	ErrInvalid      = errors.New("invalid")
	ErrDuplicate    = errors.New("given twice")
	ErrUnknownItem  = errors.New("unknown checklist item")
	ErrNotFound     = errors.New("not found")
	ErrNotRegular   = errors.New("not a regular file")
	ErrTooLarge     = errors.New("larger than 16 MiB")
)

// FieldError is a problem with one field of a spec.
type FieldError struct {
	// Field is the field's path, e.g. "target.paths[1].path".
	Field string
	// Line is the line of the field, or of its closest parent written in
	// the file; 0 when unknown.
	Line int
	Err  error
}

// Error renders "line N: field: problem", on one line: a field whose
// name holds a newline or another unprintable character is quoted.
func (e *FieldError) Error() string {
	field := e.Field
	if strings.ContainsFunc(field, func(r rune) bool { return !unicode.IsPrint(r) }) {
		field = strconv.Quote(field)
	}
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s: %v", e.Line, field, e.Err)
	}
	return fmt.Sprintf("%s: %v", field, e.Err)
}

// Unwrap returns the sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldError returns an error about field (a path such as
// "target.hpa.min") at the line it, or its closest parent, is on.
func (s *Spec) FieldError(field string, err error) error {
	field = s.inFile(field)
	return &FieldError{Field: field, Line: s.line(field), Err: err}
}

// inFile names a "target…" field as the file does: "targets[1]…" in a
// tenant of a spec with several targets.
func (s *Spec) inFile(field string) string {
	if s.targetPath == "" {
		return field
	}
	if rest, ok := strings.CutPrefix(field, "target"); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
		return s.targetPath + rest
	}
	return field
}

// Line returns the line of field, or of its closest parent in the file;
// 0 when neither was read from a file.
func (s *Spec) Line(field string) int { return s.line(s.inFile(field)) }

func (s *Spec) line(field string) int {
	for p := field; p != ""; p = parent(p) {
		if l, ok := s.lines[p]; ok {
			return l
		}
	}
	return 0
}

// parent strips the last element of a field path: "a.b[2]" → "a.b",
// "a.b" → "a", "a" → "".
func parent(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		switch p[i] {
		case '.':
			return p[:i]
		case '[':
			return p[:i]
		}
	}
	return ""
}
