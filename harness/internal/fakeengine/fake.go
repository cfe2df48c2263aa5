// Package fakeengine is a container engine for unit tests: it records every
// docker command line and answers from a handler, so fault packages are
// tested without Docker.
package fakeengine

import (
	"context"
	"strings"
	"sync"
)

// Engine records docker command lines and answers them with Handler.
type Engine struct {
	// Handler answers a command line (joined by spaces); nil answers
	// every command with empty output and no error.
	Handler func(line string) ([]byte, error)

	mu    sync.Mutex
	calls []string
}

// Docker records the command and returns Handler's answer.
func (e *Engine) Docker(_ context.Context, args ...string) ([]byte, error) {
	line := strings.Join(args, " ")
	e.mu.Lock()
	e.calls = append(e.calls, line)
	h := e.Handler
	e.mu.Unlock()
	if h == nil {
		return nil, nil
	}
	return h(line)
}

// Calls returns the command lines run so far.
func (e *Engine) Calls() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.calls...)
}

// Matching returns the command lines that contain sub.
func (e *Engine) Matching(sub string) []string {
	var out []string
	for _, c := range e.Calls() {
		if strings.Contains(c, sub) {
			out = append(out, c)
		}
	}
	return out
}
