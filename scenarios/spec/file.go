package spec

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// MaxFileSize bounds every file this package reads: the spec and each
// manifest given as a file. The largest real spec or manifest set is tens
// of KiB; 16 MiB leaves room for generated manifests (CRDs) while a wrong
// path — /dev/zero, a log, a disk image — is refused before it fills
// memory.
const MaxFileSize = 16 << 20

// ReadFile reads the regular file at path, at most MaxFileSize bytes,
// giving up when ctx is done (also while a read waits). A directory, FIFO, device or socket is
// refused with ErrNotRegular before it is read, a larger file with
// ErrTooLarge, also one that grows while it is read.
func ReadFile(ctx context.Context, path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	// O_NONBLOCK: a FIFO swapped in after the Stat does not block the open.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	// A "regular" file of /proc can block in the poller (/proc/kmsg):
	// the deadline wakes the read when ctx is done.
	stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	defer stop()
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, f}, MaxFileSize+1))
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	return data, nil
}

// regular refuses anything but a regular file of at most MaxFileSize.
func regular(path string, st fs.FileInfo) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, fileType(st.Mode()))
	}
	if st.Size() > MaxFileSize {
		return fmt.Errorf("%s: %w (%d bytes)", path, ErrTooLarge, st.Size())
	}
	return nil
}

// fileType names a mode's file type in words.
func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
