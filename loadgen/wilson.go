package loadgen

import "math"

// z95 is the standard normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// Interval is a confidence interval of a ratio.
type Interval struct{ Low, High float64 }

// Contains reports whether Low <= x <= High.
func (i Interval) Contains(x float64) bool { return i.Low <= x && x <= i.High }

// Wilson returns the 95% Wilson score interval of successes out of n, which
// stays inside [0, 1] and is sound near 0 and 1, where SLOs live. With
// n = 0 it is [0, 1]: nothing is known.
func Wilson(successes, n uint64) Interval {
	if n == 0 {
		return Interval{Low: 0, High: 1}
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z95 * z95
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z95 / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return Interval{Low: max(0, center-half), High: min(1, center+half)}
}

// MinSample returns the fewest judged requests that can judge an
// availability target: n >= 1/(1-target), the point from which a single
// failure no longer pushes the ratio below the target ((n-1)/n >= target).
// With fewer, the ratio moves in steps coarser than the error budget and
// one unlucky request decides the verdict. It is 0 for target <= 0 and
// math.MaxUint64 for target >= 1, which no finite sample can show.
func MinSample(target float64) uint64 {
	switch {
	case target <= 0:
		return 0
	case target >= 1:
		return math.MaxUint64
	}
	// The epsilon absorbs float error: 1/(1-0.999) is 1000.0000000000009.
	return uint64(math.Ceil(1/(1-target) - 1e-6))
}

// Enough reports whether s judged enough requests to judge an availability
// target at all (see MinSample). It says nothing about whether the target
// was met: compare SuccessRatio, or Interval.Low for 95% confidence.
func (s Summary) Enough(target float64) bool {
	return s.Judged >= MinSample(target) && s.Judged > 0
}
