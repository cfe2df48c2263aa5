package loadgen

import (
	"math"
	"slices"
	"time"

	"github.com/influxdata/tdigest"
)

// compression is the t-digest compression vegeta uses for its own reports.
const compression = 100

// Digest is a mergeable summary of a latency distribution: a compacted
// t-digest (the one vegeta's reports use) plus the exact count, sum,
// minimum and maximum. A window's digest holds at most a few hundred
// centroids, whatever the number of requests.
type Digest struct {
	centroids tdigest.CentroidList
	count     uint64
	sum       time.Duration
	min, max  time.Duration
}

// digestBuilder accumulates latencies; it is reused across windows.
type digestBuilder struct {
	td *tdigest.TDigest
	d  Digest
}

func newDigestBuilder() *digestBuilder {
	return &digestBuilder{td: tdigest.NewWithCompression(compression)}
}

func (b *digestBuilder) add(l time.Duration) {
	b.td.Add(float64(l), 1)
	if b.d.count == 0 || l < b.d.min {
		b.d.min = l
	}
	b.d.max = max(b.d.max, l)
	b.d.count++
	b.d.sum += l
}

// finish returns the digest so far and resets the builder.
func (b *digestBuilder) finish() Digest {
	d := b.d
	if d.count > 0 {
		d.centroids = b.td.Centroids()
	}
	b.td.Reset()
	b.d = Digest{}
	return d
}

// Count returns the number of latencies in d.
func (d Digest) Count() uint64 { return d.count }

// Min returns the smallest latency in d, exactly.
func (d Digest) Min() time.Duration { return d.min }

// Max returns the largest latency in d, exactly.
func (d Digest) Max() time.Duration { return d.max }

// Mean returns the mean latency in d, exactly.
func (d Digest) Mean() time.Duration {
	if d.count == 0 {
		return 0
	}
	return d.sum / time.Duration(d.count)
}

// Quantile returns the estimated q-quantile (0 <= q <= 1) of d, within its
// exact minimum and maximum; it is zero when d is empty.
func (d Digest) Quantile(q float64) time.Duration {
	return MergeDigests(d).Quantile(q)
}

// Equal reports whether d and o hold the same summary.
func (d Digest) Equal(o Digest) bool {
	return d.count == o.count && d.sum == o.sum && d.min == o.min && d.max == o.max &&
		slices.Equal(d.centroids, o.centroids)
}

// Merged is the union of several digests, ready to answer quantiles.
type Merged struct {
	td    *tdigest.TDigest
	total Digest
}

// MergeDigests merges ds.
func MergeDigests(ds ...Digest) Merged {
	m := Merged{td: tdigest.NewWithCompression(compression)}
	for _, d := range ds {
		if d.count == 0 {
			continue
		}
		m.td.AddCentroidList(d.centroids)
		if m.total.count == 0 || d.min < m.total.min {
			m.total.min = d.min
		}
		m.total.max = max(m.total.max, d.max)
		m.total.count += d.count
		m.total.sum += d.sum
	}
	return m
}

// Quantile returns the estimated q-quantile (0 <= q <= 1) of the merged
// digests, within their exact minimum and maximum; it is zero when empty.
func (m Merged) Quantile(q float64) time.Duration {
	if m.total.count == 0 {
		return 0
	}
	v := m.td.Quantile(q)
	if math.IsNaN(v) {
		return 0
	}
	return min(max(time.Duration(math.Round(v)), m.total.min), m.total.max)
}

// Digest returns the merged digest's count, sum, minimum and maximum.
func (m Merged) Digest() Digest { return m.total }
