package spec

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFileRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
		err        error
	}{
		{dir, "(a directory)", ErrNotRegular},
		{fifo, "(a named pipe)", ErrNotRegular},
		{os.DevNull, "(a character device)", ErrNotRegular},
		{big, "larger than 16 MiB (16777217 bytes)", ErrTooLarge},
		{filepath.Join(dir, "none"), "no such file", os.ErrNotExist},
	} {
		_, err := ReadFile(context.Background(), tc.path)
		if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFile(%s) = %v, want %v naming %q", tc.path, err, tc.err, tc.want)
		}
	}
	// The spec and a manifest file are read through ReadFile.
	if _, err := Load(fifo); !errors.Is(err, ErrNotRegular) || !strings.HasPrefix(err.Error(), "reading spec: ") {
		t.Errorf("Load(fifo) = %v, want ErrNotRegular", err)
	}
	s := loadGood(t)
	s.Target.Manifests = []string{"app", os.DevNull}
	var fe *FieldError
	if _, err := s.Render(nil); !errors.Is(err, ErrNotRegular) || !errors.As(err, &fe) || fe.Field != "target.manifests[1]" {
		t.Errorf("Render with /dev/null = %v, want ErrNotRegular on target.manifests[1]", err)
	}
}

func TestReadFileHonoursContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadFile(ctx, filepath.Join("testdata", "good.yaml")); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadFile on a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := LoadContext(ctx, filepath.Join("testdata", "good.yaml")); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext on a cancelled context = %v, want context.Canceled", err)
	}
}
