package kind

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	kindlog "sigs.k8s.io/kind/pkg/log"
)

// slogAdapter lets kind's provider log through the caller's *slog.Logger.
type slogAdapter struct{ l *slog.Logger }

var _ kindlog.Logger = slogAdapter{}

func (a slogAdapter) Warn(msg string)                   { a.l.Warn(strings.TrimSpace(msg)) }
func (a slogAdapter) Warnf(format string, args ...any)  { a.l.Warn(fmt.Sprintf(format, args...)) }
func (a slogAdapter) Error(msg string)                  { a.l.Error(strings.TrimSpace(msg)) }
func (a slogAdapter) Errorf(format string, args ...any) { a.l.Error(fmt.Sprintf(format, args...)) }
func (a slogAdapter) V(level kindlog.Level) kindlog.InfoLogger {
	return slogInfo{l: a.l, level: slog.LevelInfo - slog.Level(4*level)}
}

type slogInfo struct {
	l     *slog.Logger
	level slog.Level
}

func (i slogInfo) Info(msg string) {
	i.l.Log(context.Background(), i.level, strings.TrimSpace(msg))
}
func (i slogInfo) Infof(format string, args ...any) { i.Info(fmt.Sprintf(format, args...)) }
func (i slogInfo) Enabled() bool                    { return i.l.Enabled(context.Background(), i.level) }
