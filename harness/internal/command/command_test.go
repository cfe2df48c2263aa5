package command

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string
	}{
		{name: "ok", args: []string{"-c", "echo hello"}, wantOut: "hello\n"},
		{name: "failure carries output", args: []string{"-c", "echo boom >&2; exit 3"}, wantErr: "exit status 3: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := Run(context.Background(), nil, "sh", tt.args...)
			if tt.wantErr == "" {
				if err != nil || string(out) != tt.wantOut {
					t.Fatalf("Run = %q, %v; want %q, nil", out, err, tt.wantOut)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Run error = %v; want *Error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	t.Parallel()
	b := &tailBuffer{max: 4}
	_, _ = b.Write([]byte("abcdef"))
	_, _ = b.Write([]byte("gh"))
	if got := b.String(); got != "efgh" {
		t.Fatalf("tail = %q, want %q", got, "efgh")
	}
}
