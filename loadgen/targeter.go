package loadgen

import (
	"net/http"
	"sync/atomic"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// newTargeter returns a vegeta.Targeter that hands out ts in a smooth
// weighted round robin, and calls sent, if not nil, for every request.
func newTargeter(ts []Target, sent func()) vegeta.Targeter {
	vts := make([]vegeta.Target, len(ts))
	weights := make([]int, len(ts))
	for i, t := range ts {
		method := t.Method
		if method == "" {
			method = http.MethodGet
		}
		vts[i] = vegeta.Target{Method: method, URL: t.URL, Header: t.Header, Body: t.Body}
		weights[i] = max(t.Weight, 1)
	}
	order := schedule(weights)
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		if sent != nil {
			sent()
		}
		*t = vts[order[(n.Add(1)-1)%uint64(len(order))]]
		return nil
	}
}

// schedule returns one period of nginx's smooth weighted round robin: each
// index i appears weights[i] times, spread as evenly as the weights allow.
func schedule(weights []int) []int {
	total := 0
	for _, w := range weights {
		total += w
	}
	current := make([]int, len(weights))
	order := make([]int, 0, total)
	for range total {
		best := 0
		for i, w := range weights {
			current[i] += w
			if current[i] > current[best] {
				best = i
			}
		}
		current[best] -= total
		order = append(order, best)
	}
	return order
}
