package loadgen

import (
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// openWindow accumulates a window that is still receiving results, in flat
// arrays rather than maps; it is reused once closed.
type openWindow struct {
	codes    [600]uint64
	oddCodes map[uint16]uint64 // codes of 600 and up
	errs     [numClasses]uint64
	requests uint64
	late     uint64
	bytesIn  uint64
	bytesOut uint64
	lat      *digestBuilder
	paths    map[string]*pathOpen
}

func (w *openWindow) add(r *vegeta.Result, c Class, late bool) {
	w.requests++
	if late {
		w.late++
	}
	if int(r.Code) < len(w.codes) {
		w.codes[r.Code]++
	} else {
		if w.oddCodes == nil {
			w.oddCodes = map[uint16]uint64{}
		}
		w.oddCodes[r.Code]++
	}
	w.errs[c]++
	w.bytesIn += r.BytesIn
	w.bytesOut += r.BytesOut
	if c == ClassNone {
		w.lat.add(r.Latency)
	}
}

// window returns the window's contents (without Start and End) and resets w.
func (w *openWindow) window() Window {
	out := Window{
		Requests: w.requests,
		Late:     w.late,
		BytesIn:  w.bytesIn,
		BytesOut: w.bytesOut,
		Latency:  w.lat.finish(),
		Paths:    w.pathWindows(),
	}
	if w.requests > 0 {
		out.Codes = map[uint16]uint64{}
		for code, n := range w.codes {
			if n > 0 {
				out.Codes[uint16(code)] = n
			}
		}
		for code, n := range w.oddCodes {
			out.Codes[code] = n
		}
	}
	for c, n := range w.errs[1:] {
		if n > 0 {
			if out.Errors == nil {
				out.Errors = map[Class]uint64{}
			}
			out.Errors[Class(c+1)] = n
		}
	}
	lat := w.lat
	*w = openWindow{lat: lat}
	return out
}
