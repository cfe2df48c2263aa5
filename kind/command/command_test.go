package command

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestRunErrorCarriesOutput(t *testing.T) {
	t.Parallel()
	_, err := Run(context.Background(), "sh", "-c", "echo out; echo boom >&2; exit 3")
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *Error", err)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Errorf("err does not unwrap to exit status 3: %v", err)
	}
	if !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "sh -c") {
		t.Errorf("error %q lacks the command or its output", err)
	}
}

func TestRunOutputAndTail(t *testing.T) {
	t.Parallel()
	out, err := Run(context.Background(), "echo", "hello")
	if err != nil || string(out) != "hello\n" {
		t.Fatalf("out %q, err %v", out, err)
	}
	tb := &tailBuffer{max: 4}
	_, _ = tb.Write([]byte("abcdefgh"))
	if tb.String() != "efgh" {
		t.Errorf("tail = %q, want efgh", tb.String())
	}
}
