package timeline

// ring keeps the last cap items appended and counts those it dropped.
type ring[T any] struct {
	items   []T
	next    int // where the next item goes once full
	cap     int
	dropped uint64
}

func newRing[T any](capacity int) *ring[T] {
	return &ring[T]{cap: max(capacity, 1)}
}

func (r *ring[T]) add(v T) {
	if len(r.items) < r.cap {
		r.items = append(r.items, v)
		return
	}
	r.items[r.next] = v
	r.next = (r.next + 1) % r.cap
	r.dropped++
}

// all returns the items oldest first, in a new slice.
func (r *ring[T]) all() []T {
	out := make([]T, 0, len(r.items))
	out = append(out, r.items[r.next:]...)
	return append(out, r.items[:r.next]...)
}

// last returns the newest item.
func (r *ring[T]) last() (T, bool) {
	var zero T
	if len(r.items) == 0 {
		return zero, false
	}
	if len(r.items) < r.cap || r.next == 0 {
		return r.items[len(r.items)-1], true
	}
	return r.items[r.next-1], true
}
