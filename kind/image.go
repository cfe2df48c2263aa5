package kind

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"os"
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
