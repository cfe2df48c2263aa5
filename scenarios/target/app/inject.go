package app

import (
	"math"
	"net/http"
)

// injectErrors answers the ErrorRate fraction of next's requests 500
// "injected error", spread evenly and deterministically: request n
// (counted from 1 across every route it wraps) fails when
// floor(n·rate) > floor((n−1)·rate), so of the first N requests exactly
// floor(N·rate) fail.
func (s *Server) injectErrors(next http.Handler) http.Handler {
	if s.cfg.ErrorRate <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing(s.injectable.Add(1), s.cfg.ErrorRate) {
			http.Error(w, "injected error", http.StatusInternalServerError)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// failing reports whether request n (from 1) fails at rate.
func failing(n uint64, rate float64) bool {
	return math.Floor(float64(n)*rate) > math.Floor(float64(n-1)*rate)
}
