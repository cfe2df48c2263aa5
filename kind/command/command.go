// Package command runs external programs (docker, debootstrap, go) with a
// context and turns a failure into an error that carries the program's
// output. The kind packages and the harness's container-engine faults share it.
package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
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

// Cmd describes one invocation.
type Cmd struct {
	Name  string
	Args  []string
	Dir   string
	Env   []string // added to the current environment
	Stdin io.Reader
	// Stdout, when set, receives standard output instead of the result.
	Stdout io.Writer
}

// Run runs the command and returns its standard output.
func (c Cmd) Run(ctx context.Context) ([]byte, error) {
	cmd := exec.CommandContext(ctx, c.Name, c.Args...)
	cmd.Dir = c.Dir
	if len(c.Env) > 0 {
		cmd.Env = append(cmd.Environ(), c.Env...)
	}
	cmd.Stdin = c.Stdin
	var stdout bytes.Buffer
	tail := &tailBuffer{max: maxOutput}
	if c.Stdout != nil {
		cmd.Stdout = c.Stdout
	} else {
		cmd.Stdout = io.MultiWriter(&stdout, tail)
	}
	cmd.Stderr = tail
	if err := cmd.Run(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		}
		return stdout.Bytes(), &Error{Command: c.String(), Output: tail.String(), Err: err}
	}
	return stdout.Bytes(), nil
}

// String renders the command line for messages.
func (c Cmd) String() string {
	return strings.TrimSpace(c.Name + " " + strings.Join(c.Args, " "))
}

// Run is a shorthand for Cmd{Name: name, Args: args}.Run(ctx).
func Run(ctx context.Context, name string, args ...string) ([]byte, error) {
	return Cmd{Name: name, Args: args}.Run(ctx)
}

// tailBuffer keeps only the last max bytes written to it; standard output
// and standard error write to it from different goroutines.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
