package loadgen

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestSpill spills a run in each format, reads it back with vegeta's own
// decoder and folds it again: the windows must be the same.
func TestSpill(t *testing.T) {
	t.Parallel()
	// encoding/gob builds a type's wire description on its first encode,
	// appending to a process-wide table that a gob decoder reads without
	// its lock when it meets a type it does not know — as DecoderFor's gob
	// probe does on the json and csv spills. Run side by side, the gob
	// subtest's first encode and the json subtest's probe raced (go1.26.8,
	// encoding/gob setTypeId vs idToType). Encoding once before the
	// subtests start builds the table for good.
	if err := vegeta.NewEncoder(io.Discard).Encode(&vegeta.Result{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{FormatGob, FormatJSON, FormatCSV} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			var n atomic.Uint64
			srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
				if n.Add(1)%5 == 0 {
					w.WriteHeader(http.StatusInternalServerError)
				}
				_, _ = w.Write([]byte("hello"))
			})
			var buf bytes.Buffer

			_, ws := run(t, plan(srv.URL, 100, 500*time.Millisecond), WithSpill(&buf, f))

			dec := vegeta.DecoderFor(&buf)
			if dec == nil {
				t.Fatalf("vegeta cannot tell the encoding of the %s spill", f)
			}
			refold := NewFolder(ws[0].Start, MinWindow, nil)
			for {
				var r vegeta.Result
				if err := dec.Decode(&r); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatalf("decoding: %v", err)
				}
				refold.Add(&r)
			}
			got := refold.Close(ws[len(ws)-1].End)
			// Decoded timestamps lose their monotonic clock reading.
			if diff := cmp.Diff(ws, got, cmp.Comparer(time.Time.Equal), latencyOnly); diff != "" {
				t.Errorf("refolded windows mismatch (-run +spill):\n%s", diff)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSpillErrors(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(http.ResponseWriter, *http.Request) {})
	p := plan(srv.URL, 10, 200*time.Millisecond)

	if _, err := Run(t.Context(), p, WithSpill(io.Discard, Format(9))); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Run with format 9: error = %v, want ErrUnknownFormat", err)
	}
	ws, err := Run(t.Context(), p, WithSpill(failingWriter{}, FormatJSON))
	if err == nil || len(ws) == 0 {
		t.Errorf("Run spilling to a failing writer = %d windows, %v; want windows and an error", len(ws), err)
	}
}
