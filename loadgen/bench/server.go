package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
)

// handler is the bench target: a tiny constant response.
func handler(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }

// ServeChild serves the bench target on 127.0.0.1, writes its URL and a
// newline to out, and serves until in reaches EOF (the parent closed it or
// died) or ctx is done.
func ServeChild(ctx context.Context, in io.Reader, out io.Writer) error {
	url, stop, err := serveLocal()
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(out, url); err != nil {
		_ = stop()
		return fmt.Errorf("announcing server: %w", err)
	}
	eof := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, in)
		close(eof)
	}()
	select {
	case <-ctx.Done():
	case <-eof:
	}
	return stop()
}

// serveLocal serves the bench target in this process.
func serveLocal() (url string, stop func() error, err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listening on 127.0.0.1: %w", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(handler)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() error {
		if err := srv.Close(); err != nil {
			return fmt.Errorf("closing server: %w", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serving: %w", err)
		}
		return nil
	}, nil
}

// startServer starts the bench target: in a child process running
// self -serve, or in this process when self is empty.
func startServer(ctx context.Context, self string) (url string, stop func() error, err error) {
	if self == "" {
		return serveLocal()
	}
	cmd := exec.CommandContext(ctx, self, "-"+ServeFlag)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, fmt.Errorf("starting server: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, fmt.Errorf("starting server: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting server %s: %w", self, err)
	}
	stop = func() error {
		_ = stdin.Close()
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("server process: %w: %s", err, stderr.Bytes())
		}
		return nil
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url = strings.TrimSpace(line)
	if err != nil || !strings.HasPrefix(url, "http://127.0.0.1:") {
		return "", nil, errors.Join(fmt.Errorf("server announced %q, not a 127.0.0.1 URL: %w", url, err), stop())
	}
	return url, stop, nil
}
