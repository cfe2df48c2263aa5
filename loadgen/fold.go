package loadgen

import (
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// fold drains one attack's results into a Folder, closing each window as
// soon as every request started in it has been received.
type fold struct {
	f     *Folder
	pacer *runPacer
	obs   *observer
	spill *spill
	seen  watermark
	marks []uint64 // the pacer's marks, copied
}

func (l *fold) run(results <-chan *vegeta.Result) {
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return
			}
			c := Classify(r)
			l.obs.observe(r, c)
			l.spill.write(r)
			l.f.add(r, c)
			l.seen.add(r.Seq)
		case <-l.pacer.ready:
			l.marks = l.pacer.snapshot(l.marks)
		}
		for l.f.first < len(l.marks) && l.seen.next >= l.marks[l.f.first] {
			l.f.closeNext(l.f.edge(l.f.first + 1))
		}
	}
}

// watermark tracks which sequence numbers have been received: every Seq
// below next, and those in ahead. Results arrive nearly in order, so ahead
// stays as small as the number of requests in flight.
type watermark struct {
	next  uint64
	ahead map[uint64]struct{}
}

func (w *watermark) add(seq uint64) {
	if seq != w.next {
		if w.ahead == nil {
			w.ahead = map[uint64]struct{}{}
		}
		w.ahead[seq] = struct{}{}
		return
	}
	w.next++
	for len(w.ahead) > 0 {
		if _, ok := w.ahead[w.next]; !ok {
			return
		}
		delete(w.ahead, w.next)
		w.next++
	}
}
