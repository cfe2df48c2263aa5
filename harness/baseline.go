package harness

import (
	"fmt"

	"github.com/golive/resilience/harness/timeline"
)

// BaselineJudge is a Check that judges the baseline phase itself (an SLO
// over every phase): a baseline that misses the SLO is its finding, not a
// reason to withhold its verdict.
type BaselineJudge interface {
	Check
	JudgesBaseline() bool
}

// baselineSick says why the tenant's baseline phase shows it was not
// healthy before the fault (Steady.Baseline), or "" when it was or the
// gate is off. A phase with too few requests to tell is not called sick.
func baselineSick(tl *timeline.Timeline, target float64) string {
	if target <= 0 {
		return ""
	}
	span, ok := tl.Span(timeline.PhaseBaseline)
	if !ok || span.End.IsZero() {
		return ""
	}
	s := tl.Summarize(span.Start, span.End)
	if s.Judged == 0 || s.Interval.High >= target {
		return ""
	}
	return fmt.Sprintf("not healthy before the fault: the baseline lost %d of %d requests (availability %.2f%%, 95%% interval [%.2f, %.2f] < %.2f%%)",
		s.Judged-s.Successes, s.Judged, 100*s.SuccessRatio, 100*s.Interval.Low, 100*s.Interval.High, 100*target)
}

// judgesBaseline says whether c keeps its own verdict on a sick baseline.
func judgesBaseline(c Check) bool {
	b, ok := c.(BaselineJudge)
	return ok && b.JudgesBaseline()
}
