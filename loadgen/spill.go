package loadgen

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Format is an encoding of raw results understood by vegeta's tools.
type Format uint8

// The encodings of vegeta's lib: NewEncoder, NewJSONEncoder, NewCSVEncoder.
const (
	FormatGob Format = iota
	FormatJSON
	FormatCSV
)

// ErrUnknownFormat is returned by Run when WithSpill names no known Format.
var ErrUnknownFormat = errors.New("unknown spill format")

// String returns the format's name as vegeta's command line spells it.
func (f Format) String() string {
	switch f {
	case FormatGob:
		return "gob"
	case FormatJSON:
		return "json"
	case FormatCSV:
		return "csv"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// spill encodes results to a buffered writer; the first error stops it.
type spill struct {
	bw  *bufio.Writer
	enc vegeta.Encoder
	err error
}

func newSpill(w io.Writer, f Format) (*spill, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &spill{bw: bw}
	switch f {
	case FormatGob:
		s.enc = vegeta.NewEncoder(bw)
	case FormatJSON:
		s.enc = vegeta.NewJSONEncoder(bw)
	case FormatCSV:
		s.enc = vegeta.NewCSVEncoder(bw)
	default:
		return nil, fmt.Errorf("spill format %d: %w", uint8(f), ErrUnknownFormat)
	}
	return s, nil
}

func (s *spill) write(r *vegeta.Result) {
	if s == nil || s.err != nil {
		return
	}
	if err := s.enc.Encode(r); err != nil {
		s.err = fmt.Errorf("spilling result %d: %w", r.Seq, err)
	}
}

func (s *spill) close() error {
	if s == nil {
		return nil
	}
	if s.err != nil {
		return s.err
	}
	if err := s.bw.Flush(); err != nil {
		return fmt.Errorf("flushing spill: %w", err)
	}
	return nil
}
