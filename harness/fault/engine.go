package fault

import (
	"context"

	"github.com/golive/resilience/kind/command"
)

// Engine runs container-engine commands on the host: the arguments of one
// docker command line. It is the fault packages' only way to reach the node
// containers, so tests replace it with a fake.
type Engine interface {
	Docker(ctx context.Context, args ...string) ([]byte, error)
}

// EngineFunc adapts a function to Engine.
type EngineFunc func(ctx context.Context, args ...string) ([]byte, error)

// Docker calls f.
func (f EngineFunc) Docker(ctx context.Context, args ...string) ([]byte, error) {
	return f(ctx, args...)
}

// DockerCLI runs the docker command line; a failure's error carries the
// command's output.
type DockerCLI struct{}

var _ Engine = DockerCLI{}

// Docker runs `docker args...` and returns its standard output.
func (DockerCLI) Docker(ctx context.Context, args ...string) ([]byte, error) {
	return command.Run(ctx, "docker", args...)
}

// Exec runs a command inside a node container.
func (e *Env) Exec(ctx context.Context, node string, args ...string) ([]byte, error) {
	return e.Engine.Docker(ctx, append([]string{"exec", node}, args...)...)
}
