package loadgen

import (
	"cmp"
	"slices"
)

// MergeWindows returns the union of ws: windows of the same period measured
// by several load generators (attackers sharing one plan) become the window
// one generator sending all their load would have measured. Counts and bytes
// are summed, latency digests merged, paths merged by key and Start and End
// are the earliest start and the latest end. Quantiles of the merged digests
// are t-digest estimates, as they are within one window.
//
// Like a folded window, the result keeps at most MaxPaths paths apart: if ws
// name more, the MaxPaths with the most requests (the alphabetically first
// among equals) keep theirs and the rest count under OtherPath.
func MergeWindows(ws ...Window) Window {
	var out Window
	lat := make([]Digest, 0, len(ws))
	for _, w := range ws {
		if !w.Start.IsZero() && (out.Start.IsZero() || w.Start.Before(out.Start)) {
			out.Start = w.Start
		}
		if w.End.After(out.End) {
			out.End = w.End
		}
		out.Requests += w.Requests
		out.BytesIn += w.BytesIn
		out.BytesOut += w.BytesOut
		out.Late += w.Late
		out.Codes = addCounts(out.Codes, w.Codes)
		out.Errors = addCounts(out.Errors, w.Errors)
		lat = append(lat, w.Latency)
	}
	out.Latency = mergeDigests(lat)
	out.Paths = mergePaths(ws)
	return out
}

// addCounts adds src's counts to dst, allocating dst when src has any.
func addCounts[K comparable](dst, src map[K]uint64) map[K]uint64 {
	for k, n := range src {
		if dst == nil {
			dst = make(map[K]uint64, len(src))
		}
		dst[k] += n
	}
	return dst
}

// mergeDigests merges ds into one compacted digest. A lone non-empty digest
// is returned as it is, so that merging one window changes nothing.
func mergeDigests(ds []Digest) Digest {
	var only Digest
	n := 0
	for _, d := range ds {
		if d.count > 0 {
			only = d
			n++
		}
	}
	if n <= 1 {
		return only
	}
	m := MergeDigests(ds...)
	d := m.total
	d.centroids = m.td.Centroids()
	return d
}

// mergePaths merges the windows' paths by key, bounded as paths.go bounds
// a folded window's.
func mergePaths(ws []Window) map[string]PathWindow {
	type acc struct {
		p         PathWindow
		lat, fail []Digest
	}
	by := map[string]*acc{}
	for _, w := range ws {
		for k, p := range w.Paths {
			a := by[k]
			if a == nil {
				a = &acc{}
				by[k] = a
			}
			a.p.Requests += p.Requests
			a.p.Failed += p.Failed
			a.p.Canceled += p.Canceled
			a.lat = append(a.lat, p.Latency)
			a.fail = append(a.fail, p.FailedLatency)
		}
	}
	if len(by) == 0 {
		return nil
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		if k != OtherPath {
			keys = append(keys, k)
		}
	}
	if len(keys) > MaxPaths {
		slices.SortFunc(keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(by[b].p.Requests, by[a].p.Requests), cmp.Compare(a, b))
		})
		other := by[OtherPath]
		if other == nil {
			other = &acc{}
			by[OtherPath] = other
		}
		for _, k := range keys[MaxPaths:] {
			a := by[k]
			other.p.Requests += a.p.Requests
			other.p.Failed += a.p.Failed
			other.p.Canceled += a.p.Canceled
			other.lat = append(other.lat, a.lat...)
			other.fail = append(other.fail, a.fail...)
			delete(by, k)
		}
	}
	out := make(map[string]PathWindow, len(by))
	for k, a := range by {
		a.p.Latency = mergeDigests(a.lat)
		a.p.FailedLatency = mergeDigests(a.fail)
		out[k] = a.p
	}
	return out
}
