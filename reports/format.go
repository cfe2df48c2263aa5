package reports

import (
	"fmt"
	"strings"
	"time"
)

// roundDuration keeps about three significant digits of d.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= 10*time.Microsecond:
		return d.Round(100 * time.Nanosecond)
	}
	return d
}

// percent renders a ratio as a percentage with enough digits for SLOs.
func percent(ratio float64) string {
	return fmt.Sprintf("%.3f%%", 100*ratio)
}

// stamp renders t in UTC to the millisecond, or "—" when unset.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}

// refs renders object references, comma-separated.
func refs(objs []ObjectRef) string {
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i] = o.String()
	}
	return strings.Join(names, ", ")
}

// evidenceLine renders one piece of evidence on a line.
func evidenceLine(e Evidence) string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Value != "" {
		b.WriteString(": " + e.Value)
	}
	switch {
	case !e.Time.IsZero() && !e.End.IsZero():
		b.WriteString(" [" + stamp(e.Time) + " – " + stamp(e.End) + "]")
	case !e.Time.IsZero():
		b.WriteString(" [" + stamp(e.Time) + "]")
	}
	if len(e.Objects) > 0 {
		b.WriteString(" (" + refs(e.Objects) + ")")
	}
	return b.String()
}

// evidenceText renders evidence one per line.
func evidenceText(ev []Evidence) string {
	lines := make([]string, len(ev))
	for i, e := range ev {
		lines[i] = evidenceLine(e)
	}
	return strings.Join(lines, "\n")
}
