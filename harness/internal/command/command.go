// Package command runs external programs (docker) with a context and turns a
// failure into an error that carries the program's output.
package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// maxOutput bounds how much of a failed command's output an error carries.
const maxOutput = 4096

// Error is a failed command: what ran, how it ended and the tail of its output.
type Error struct {
	Command string
	Output  string
	Err     error
}

// Error renders the command, its failure and its output.
func (e *Error) Error() string {
	out := strings.TrimSpace(e.Output)
	if out == "" {
		return fmt.Sprintf("running %s: %v", e.Command, e.Err)
	}
	return fmt.Sprintf("running %s: %v: %s", e.Command, e.Err, out)
}

// Unwrap returns the underlying exec or context error.
func (e *Error) Unwrap() error { return e.Err }

// Run runs name with args and returns its standard output. A failure is an
// *Error holding the tail of standard output and standard error.
func Run(ctx context.Context, stdin io.Reader, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = stdin
	var stdout bytes.Buffer
	tail := &tailBuffer{max: maxOutput}
	cmd.Stdout = io.MultiWriter(&stdout, tail)
	cmd.Stderr = tail
	if err := cmd.Run(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		}
		line := strings.TrimSpace(name + " " + strings.Join(args, " "))
		return stdout.Bytes(), &Error{Command: line, Output: tail.String(), Err: err}
	}
	return stdout.Bytes(), nil
}

// tailBuffer keeps only the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
