package loadgen

import (
	"net/url"
	"sort"
	"time"
)

// MaxPaths bounds the paths a window keeps apart: results of further
// paths count under OtherPath, so a plan with many URLs cannot grow the
// windows without bound.
const MaxPaths = 16

// OtherPath collects the results of paths beyond MaxPaths.
const OtherPath = "(other)"

// PathWindow is one request path's share of a window: its requests, the
// failed and canceled ones among them and the latency digest of its
// successful requests.
type PathWindow struct {
	Requests uint64 `json:"requests"`
	Failed   uint64 `json:"failed,omitempty"`
	Canceled uint64 `json:"canceled,omitempty"`
	Latency  Digest `json:"latency"`
	// FailedLatency is the latency digest of the failed requests, canceled
	// ones left out: how long a failure took to show (a fast 502, or a
	// request that hung until the load's timeout).
	FailedLatency Digest `json:"failed_latency"`
}

// PathSummary is one path's share of a Summary.
type PathSummary struct {
	Requests, Judged, Successes uint64
	// Latency is of the successful requests, Failed of the failed ones and
	// Judged of both: what a caller of the path waited for an answer.
	Latency, FailedLatency, JudgedLatency Latency
}

// pathKeys maps a result's URL to the request URI of a result's URL ("/delay?ms=500"): the
// path a window keeps its share under.
type pathKeys struct {
	keys map[string]string // URL → key
}

func (p *pathKeys) key(u string) string {
	if k, ok := p.keys[u]; ok {
		return k
	}
	if p.keys == nil {
		p.keys = map[string]string{}
	}
	k := OtherPath
	if len(p.keys) < MaxPaths {
		k = u
		if pu, err := url.Parse(u); err == nil {
			k = pu.RequestURI()
		}
	}
	p.keys[u] = k
	return k
}

type pathOpen struct {
	requests, failed, canceled uint64
	lat, failedLat             *digestBuilder
}

func (w *openWindow) addPath(key string, lat time.Duration, c Class) {
	if w.paths == nil {
		w.paths = map[string]*pathOpen{}
	}
	p, ok := w.paths[key]
	if !ok {
		p = &pathOpen{lat: newDigestBuilder(), failedLat: newDigestBuilder()}
		w.paths[key] = p
	}
	p.requests++
	switch c {
	case ClassNone:
		p.lat.add(lat)
	case ClassCanceled:
		p.canceled++
	default:
		p.failed++
		p.failedLat.add(lat)
	}
}

func (w *openWindow) pathWindows() map[string]PathWindow {
	if len(w.paths) == 0 {
		return nil
	}
	out := make(map[string]PathWindow, len(w.paths))
	for k, p := range w.paths {
		out[k] = PathWindow{Requests: p.requests, Failed: p.failed, Canceled: p.canceled, Latency: p.lat.finish(), FailedLatency: p.failedLat.finish()}
	}
	return out
}

// summarizePaths merges the windows' path shares.
func summarizePaths(ws []Window) map[string]PathSummary {
	type acc struct {
		s          PathSummary
		ds, failed []Digest
	}
	by := map[string]*acc{}
	for _, w := range ws {
		for k, p := range w.Paths {
			a := by[k]
			if a == nil {
				a = &acc{}
				by[k] = a
			}
			a.s.Requests += p.Requests
			a.s.Judged += p.Requests - p.Canceled
			a.s.Successes += p.Requests - p.Canceled - p.Failed
			a.ds = append(a.ds, p.Latency)
			a.failed = append(a.failed, p.FailedLatency)
		}
	}
	if len(by) == 0 {
		return nil
	}
	out := make(map[string]PathSummary, len(by))
	for k, a := range by {
		a.s.Latency = latencyOf(MergeDigests(a.ds...))
		a.s.FailedLatency = latencyOf(MergeDigests(a.failed...))
		a.s.JudgedLatency = latencyOf(MergeDigests(append(a.ds, a.failed...)...))
		out[k] = a.s
	}
	return out
}

// SortedPaths returns the keys of a Summary's Paths in order.
func SortedPaths(m map[string]PathSummary) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
