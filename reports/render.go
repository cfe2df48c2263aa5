package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The files Render writes into its folder.
const (
	FileResult  = "result.json"
	FileHTML    = "index.html"
	FileJUnit   = "junit.xml"
	FileMetrics = "metrics.prom"
	// FileTrend holds the Trend, written only when there is a previous run.
	FileTrend = "trend.json"
)

// reportFile is one file of the report and how to write it.
type reportFile struct {
	name  string
	write func(io.Writer) error
}

// Render writes the report of current into dir, creating it: result.json,
// index.html, junit.xml, metrics.prom and, when previous is not nil,
// trend.json with the regressions since previous, which the other files
// show too (a trend.json left by an earlier render is removed otherwise). It then pushes the metrics when WithPushgateway is given. It
// returns the trend, nil without a previous run.
func Render(ctx context.Context, dir string, current, previous *Result, opts ...Option) (*Trend, error) {
	cfg := newConfig(opts)
	if err := current.Validate(); err != nil {
		return nil, fmt.Errorf("rendering report: %w", err)
	}
	var trend *Trend
	if previous != nil {
		trend = Compare(current, previous, cfg.trend)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("rendering report: %w", err)
	}
	files := []reportFile{
		{FileResult, func(w io.Writer) error { return WriteJSON(w, current) }},
		{FileHTML, func(w io.Writer) error { return WriteHTML(w, current, trend) }},
		{FileJUnit, func(w io.Writer) error { return WriteJUnit(w, current) }},
		{FileMetrics, func(w io.Writer) error { return WriteMetrics(w, current, trend) }},
	}
	if trend != nil {
		files = append(files, reportFile{FileTrend, func(w io.Writer) error { return writeTrend(w, trend) }})
	} else if err := os.Remove(filepath.Join(dir, FileTrend)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("rendering report: removing the stale trend: %w", err) // from an earlier render
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("rendering report: %w", err)
		}
		path := filepath.Join(dir, f.name)
		if err := writeFile(path, f.write); err != nil {
			return nil, fmt.Errorf("rendering report: %w", err)
		}
		cfg.logger.DebugContext(ctx, "report file written", "path", path)
	}
	if cfg.push != nil {
		if err := cfg.push.Push(ctx, current, trend); err != nil {
			return nil, fmt.Errorf("rendering report: %w", err)
		}
		cfg.logger.DebugContext(ctx, "metrics pushed", "url", cfg.push.URL)
	}
	return trend, nil
}

// RenderFiles re-renders a report from result.json files, without the
// cluster: current is the run's result.json, previous the previous run's
// or "" for none. See Render.
func RenderFiles(ctx context.Context, dir, current, previous string, opts ...Option) (*Trend, error) {
	cur, err := ReadFile(current)
	if err != nil {
		return nil, err
	}
	var prev *Result
	if previous != "" {
		if prev, err = ReadFile(previous); err != nil {
			return nil, err
		}
	}
	return Render(ctx, dir, cur, prev, opts...)
}

func writeTrend(w io.Writer, t *Trend) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("encoding trend: %w", err)
	}
	return nil
}
