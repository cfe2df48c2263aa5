package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBatchBytes bounds the body of a Batch a Client reads: a page of
// windows with all their paths' digests is a few megabytes at most.
const maxBatchBytes = 64 << 20

// Client talks to one attacker's Server.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient returns a client of the Server at base: an http(s) URL that the
// endpoints' paths are appended to, such as "http://10.244.0.7:8080" or an
// API server's pod proxy,
// "https://127.0.0.1:6443/api/v1/namespaces/ns/pods/attacker-0:8080/proxy".
// hc sends the requests (with the credentials such a proxy needs); nil means
// http.DefaultClient. Bound each call with its context.
func NewClient(base string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(base, "/"), hc: hc}
}

// StatusError is an attacker's (or a proxy's) refusal: the request, its
// status and the first line of the answer.
type StatusError struct {
	Method, Path string
	Code         int
	Message      string
}

// Error returns the refusal as one line, e.g.
// "POST /run: 409 Conflict: a run is already going".
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, e.Path, e.Code, http.StatusText(e.Code), e.Message)
}

// Start asks the attacker to run spec.
func (c *Client) Start(ctx context.Context, spec PlanSpec) error {
	body, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("encoding plan spec: %w", err)
	}
	return c.do(ctx, http.MethodPost, "/run", body, nil)
}

// Windows returns the attacker's closed windows from index from on, and
// acknowledges those before it: the attacker drops them.
func (c *Client) Windows(ctx context.Context, from int) (Batch, error) {
	var b Batch
	err := c.do(ctx, http.MethodGet, "/windows?from="+strconv.Itoa(from), nil, &b)
	return b, err
}

// Stop cancels the attacker's run and returns once it has closed its last
// window, which Windows then returns.
func (c *Client) Stop(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/stop", nil, nil)
}

// Healthy returns nil if the attacker answers its health check.
func (c *Client) Healthy(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/healthz", nil, nil)
}

// do sends one request and decodes its JSON answer into out, if not nil.
func (c *Client) do(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return &StatusError{Method: method, Path: path, Code: resp.StatusCode, Message: message(resp.Body)}
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // let the connection be reused
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBatchBytes)).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decoding answer: %w", method, path, err)
	}
	return nil
}

// message returns the first line of an error answer, or the message of a
// Kubernetes Status, which is what an API server's proxy answers with.
func message(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4<<10))
	var status struct{ Message string }
	if json.Unmarshal(b, &status) == nil && status.Message != "" {
		b = []byte(status.Message)
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	line = strings.TrimSpace(line)
	const maxLen = 300
	if len(line) > maxLen {
		line = strings.ToValidUTF8(line[:maxLen], "") + "..."
	}
	if line == "" {
		return "(no message)"
	}
	return line
}
