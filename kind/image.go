package kind

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/golive/resilience/kind/command"
)

// ImageFromBinary makes a Docker image FROM scratch holding one static
// binary at /app, run as an unprivileged user (65532), so that a Go program
// can be loaded into a cluster without any registry.
func ImageFromBinary(ctx context.Context, ref, binary string) error {
	f, err := os.Open(binary)
	if err != nil {
		return fmt.Errorf("image %s: %w", ref, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("image %s: %w", ref, err)
	}
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		mod := time.Unix(0, 0)
		err := tw.WriteHeader(&tar.Header{Name: "tmp/", Typeflag: tar.TypeDir, Mode: 0o1777, ModTime: mod})
		if err == nil {
			err = tw.WriteHeader(&tar.Header{Name: "app", Typeflag: tar.TypeReg, Mode: 0o755, Size: st.Size(), ModTime: mod})
		}
		if err == nil {
			_, err = io.Copy(tw, f)
		}
		if err == nil {
			err = tw.Close()
		}
		pw.CloseWithError(err)
	}()
	_, err = command.Cmd{Name: "docker", Args: []string{"import",
		"--change", `ENTRYPOINT ["/app"]`, "--change", "USER 65532:65532", "-", ref}, Stdin: pr}.Run(ctx)
	pr.Close()
	if err != nil {
		return fmt.Errorf("image %s: %w", ref, err)
	}
	return nil
}

// ImageFromPackage compiles the Go main package pkg statically (CGO off,
// trimmed) and makes it a FROM-scratch image tagged ref, as ImageFromBinary
// does. The package must be buildable from the current module. pkg follows
// "--" on go's command line, so that a value such as "-toolexec=…" is
// refused as a malformed import path instead of taken as a flag.
func ImageFromPackage(ctx context.Context, ref, pkg string) error {
	dir, err := os.MkdirTemp("", "golive-image-")
	if err != nil {
		return fmt.Errorf("image %s: %w", ref, err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "app")
	_, err = command.Cmd{Name: "go", Args: []string{"build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "--", pkg},
		Env: []string{"CGO_ENABLED=0"}}.Run(ctx)
	if err != nil {
		return fmt.Errorf("image %s: building %s: %w", ref, pkg, err)
	}
	return ImageFromBinary(ctx, ref, bin)
}
