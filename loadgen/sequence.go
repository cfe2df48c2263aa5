package loadgen

import (
	"math"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// segment is one stretch of a sequence: pacer runs for span (the last
// segment runs forever) and is expected to send hits requests in it.
type segment struct {
	pacer vegeta.Pacer
	span  time.Duration
	hits  float64
}

// sequence chains pacers in time. Each segment's pacer sees the time and the
// hits since its own segment began, so vegeta's pacers compose unchanged.
type sequence []segment

var _ vegeta.Pacer = sequence{}

// at returns the index of the segment running at elapsed, when it began and
// how many hits the segments before it were due to send.
func (s sequence) at(elapsed time.Duration) (i int, began time.Duration, before uint64) {
	var due float64
	for i = 0; i < len(s)-1 && elapsed >= began+s[i].span; i++ {
		began += s[i].span
		due += s[i].hits
	}
	return i, began, uint64(math.Round(due))
}

// Pace implements vegeta.Pacer.
func (s sequence) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	i, began, before := s.at(elapsed)
	if hits < before {
		return 0, false // behind the earlier segments' schedule
	}
	wait, stop := s[i].pacer.Pace(elapsed-began, hits-before)
	if stop || i == len(s)-1 {
		return wait, stop
	}
	// The next hit falls in a later segment: that segment paces it.
	if end := began + s[i].span; elapsed+wait >= end {
		next, stop := s.Pace(end, hits)
		return end - elapsed + next, stop
	}
	return wait, false
}

// Rate implements vegeta.Pacer.
func (s sequence) Rate(elapsed time.Duration) float64 {
	i, began, _ := s.at(elapsed)
	return s[i].pacer.Rate(elapsed - began)
}
