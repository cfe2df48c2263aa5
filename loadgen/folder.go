package loadgen

import (
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Folder folds vegeta results into consecutive windows of equal width that
// begin at a start time. Run uses one; it also folds results read back from a
// spill file. Closed windows are compact (a few kilobytes each), so memory
// grows with the number of windows, never with the number of results.
// A Folder is not safe for concurrent use.
type Folder struct {
	start   time.Time
	width   time.Duration
	first   int           // index of open[0]
	open    []*openWindow // windows first, first+1, ...
	spare   []*openWindow
	closed  []Window
	onClose func(Window)
	last    time.Time // latest request start folded
	paths   pathKeys
}

// NewFolder returns a Folder whose windows are [start + i*width,
// start + (i+1)*width). A width below MinWindow is raised to it. onClose, if
// not nil, is called with each window as it closes, in order.
func NewFolder(start time.Time, width time.Duration, onClose func(Window)) *Folder {
	return &Folder{start: start, width: max(width, MinWindow), onClose: onClose}
}

// Add folds r into the window in which it was sent. A result sent before the
// start counts in the first window; one whose window was already closed
// counts, as Late, in the oldest open window.
func (f *Folder) Add(r *vegeta.Result) { f.add(r, Classify(r)) }

func (f *Folder) add(r *vegeta.Result, c Class) {
	i := max(int(r.Timestamp.Sub(f.start)/f.width), 0)
	late := i < f.first
	if late {
		i = f.first
	}
	for len(f.open) <= i-f.first {
		f.open = append(f.open, f.newOpen())
	}
	ow := f.open[i-f.first]
	ow.add(r, c, late)
	if r.URL != "" {
		ow.addPath(f.paths.key(r.URL), r.Latency, c)
	}
	if r.Timestamp.After(f.last) {
		f.last = r.Timestamp
	}
}

// CloseBefore closes, in order, every window that ends at or before t.
func (f *Folder) CloseBefore(t time.Time) {
	for !f.edge(f.first + 1).After(t) {
		f.closeNext(f.edge(f.first + 1))
	}
}

// Close closes every window up to end (or to the latest result folded, if
// later), cutting the last window short at end, and returns all the windows
// in order. The Folder must not be used afterwards.
func (f *Folder) Close(end time.Time) []Window {
	if !f.last.IsZero() && !f.last.Before(end) {
		end = f.last.Add(time.Nanosecond)
	}
	for f.edge(f.first).Before(end) {
		next := f.edge(f.first + 1)
		if end.Before(next) {
			next = end
		}
		f.closeNext(next)
	}
	if f.closed == nil {
		f.closed = []Window{}
	}
	return f.closed
}

// edge returns the start of window i.
func (f *Folder) edge(i int) time.Time { return f.start.Add(time.Duration(i) * f.width) }

// closeNext closes the oldest open window, ending it at end.
func (f *Folder) closeNext(end time.Time) {
	var w Window
	if len(f.open) > 0 {
		ow := f.open[0]
		f.open = f.open[1:]
		w = ow.window()
		f.spare = append(f.spare, ow)
	}
	w.Start, w.End = f.edge(f.first), end
	f.first++
	f.closed = append(f.closed, w)
	if f.onClose != nil {
		f.onClose(w)
	}
}

func (f *Folder) newOpen() *openWindow {
	if n := len(f.spare); n > 0 {
		ow := f.spare[n-1]
		f.spare = f.spare[:n-1]
		return ow
	}
	return &openWindow{lat: newDigestBuilder()}
}
