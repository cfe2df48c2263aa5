package nodeimage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/golive/resilience/kind/command"
)

// kubernetesCommands are the binaries a node image carries.
var kubernetesCommands = []string{
	"kubeadm", "kubectl", "kubelet",
	"kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy",
}

// kubernetesStep builds the Kubernetes binaries into <out>/bin from the
// module proxy, through a helper module (see kubernetesGoMod).
func kubernetesStep(r Recipe) step {
	return step{
		name:   "kubernetes-binaries",
		inputs: map[string]string{"kubernetes": r.Kubernetes, "recipe": recipeRevision},
		run: func(ctx context.Context, out string) error {
			info, err := downloadModule(ctx, "k8s.io/kubernetes", r.Kubernetes)
			if err != nil {
				return err
			}
			upstream, err := os.ReadFile(info.GoMod)
			if err != nil {
				return fmt.Errorf("reading kubernetes go.mod: %w", err)
			}
			gomod, err := kubernetesGoMod(upstream, r.Kubernetes, r.StagingVersion())
			if err != nil {
				return err
			}
			src := filepath.Join(out, "src")
			imports := ""
			pkgs := []string{}
			for _, c := range kubernetesCommands {
				imports += fmt.Sprintf("\t_ %q\n", "k8s.io/kubernetes/cmd/"+c)
				pkgs = append(pkgs, "k8s.io/kubernetes/cmd/"+c)
			}
			if err := writeFiles(src, map[string]string{
				"go.mod":   string(gomod),
				"tools.go": "//go:build tools\n\npackage tools\n\nimport (\n" + imports + ")\n",
			}); err != nil {
				return err
			}
			if _, err := (command.Cmd{Name: "go", Args: []string{"mod", "tidy"}, Dir: src, Env: goEnv}).Run(ctx); err != nil {
				return err
			}
			args := append([]string{"build", "-trimpath", "-ldflags", versionLDFlags(r.Kubernetes), "-o", filepath.Join(out, "bin") + "/"}, pkgs...)
			_, err = command.Cmd{Name: "go", Args: args, Dir: src, Env: goEnv}.Run(ctx)
			return err
		},
	}
}

// goInstallStep installs one Go command at a version into <out>/bin.
func goInstallStep(name, pkg, version string, ldflags string) step {
	return step{
		name:   name,
		inputs: map[string]string{"pkg": pkg, "version": version, "ldflags": ldflags},
		run: func(ctx context.Context, out string) error {
			args := []string{"install", "-trimpath"}
			if ldflags != "" {
				args = append(args, "-ldflags", ldflags)
			}
			args = append(args, pkg+"@"+version)
			_, err := command.Cmd{Name: "go", Args: args, Dir: os.TempDir(),
				Env: append(goEnv[:len(goEnv):len(goEnv)], "GOBIN="+filepath.Join(out, "bin"))}.Run(ctx)
			return err
		},
	}
}

// etcdStep builds etcd's server from go.etcd.io/etcd/server/v3 through a
// three-line main, since the etcd command's own module is not go-installable.
func etcdStep(version string) step {
	return step{
		name:   "etcd",
		inputs: map[string]string{"etcd": version},
		run: func(ctx context.Context, out string) error {
			src := filepath.Join(out, "src")
			if err := writeFiles(src, map[string]string{
				"go.mod": "module golive.local/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 " + version + "\n",
				"main.go": "package main\n\nimport (\n\t\"os\"\n\n\t\"go.etcd.io/etcd/server/v3/etcdmain\"\n)\n\n" +
					"func main() { etcdmain.Main(os.Args) }\n",
			}); err != nil {
				return err
			}
			if _, err := (command.Cmd{Name: "go", Args: []string{"mod", "tidy"}, Dir: src, Env: goEnv}).Run(ctx); err != nil {
				return err
			}
			_, err := command.Cmd{Name: "go", Args: []string{"build", "-trimpath", "-ldflags", "-s -w",
				"-o", filepath.Join(out, "bin", "etcd"), "."}, Dir: src, Env: goEnv}.Run(ctx)
			return err
		},
	}
}

// pauseStep compiles the Kubernetes project's own pause.c, shipped in the
// k8s.io/kubernetes module, as kubernetes/build/pause does.
func pauseStep(r Recipe) step {
	return step{
		name:   "pause",
		inputs: map[string]string{"kubernetes": r.Kubernetes, "pause": r.Pause},
		run: func(ctx context.Context, out string) error {
			info, err := downloadModule(ctx, "k8s.io/kubernetes", r.Kubernetes)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(out, "bin"), 0o755); err != nil {
				return err
			}
			_, err = command.Run(ctx, "gcc", "-Os", "-Wall", "-static", "-DVERSION=v"+r.Pause,
				"-o", filepath.Join(out, "bin", "pause"), filepath.Join(info.Dir, "build", "pause", "linux", "pause.c"))
			return err
		},
	}
}

// writeFiles writes name → content under dir.
func writeFiles(dir string, files map[string]string) error {
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
