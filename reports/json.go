package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// WriteJSON validates r and writes it to w as indented JSON, stamped with
// this package's SchemaVersion whatever r.SchemaVersion says: it is this
// schema that is written.
func WriteJSON(w io.Writer, r *Result) error {
	if err := r.Validate(); err != nil {
		return err
	}
	stamped := *r
	stamped.SchemaVersion = SchemaVersion
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(&stamped); err != nil {
		return fmt.Errorf("encoding result: %w", err)
	}
	return nil
}

// ReadJSON reads a Result written by WriteJSON. It returns ErrFutureVersion
// for a newer major schema version, before decoding anything else, and
// ErrBadVersion when the version is missing. Unknown fields, which a newer
// minor version may add, are ignored.
func ReadJSON(rd io.Reader) (*Result, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("reading result: %w", err)
	}
	var head struct {
		SchemaVersion string `json:"schemaVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decoding result: %w", err)
	}
	if err := checkVersion(head.SchemaVersion); err != nil {
		return nil, fmt.Errorf("decoding result: %w", err)
	}
	var r Result
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return nil, fmt.Errorf("decoding result: %w", err)
	}
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("decoding result: %w", err)
	}
	return &r, nil
}

// ReadFile reads the result.json at path.
func ReadFile(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading result: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading result: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading result: %s: not a regular file", path)
	}
	r, err := ReadJSON(io.LimitReader(f, MaxResultSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// MaxResultSize bounds a result file ReadFile reads: a day of nightly
// runs' windows is a few megabytes; a larger file is not one of ours.
const MaxResultSize = 64 << 20

// WriteFile writes r to path with WriteJSON.
func WriteFile(path string, r *Result) error {
	return writeFile(path, func(w io.Writer) error { return WriteJSON(w, r) })
}
