package app

import "net/http"

// kvPut keeps the body as the value of {key} (Store mode): 204.
func (s *Server) kvPut(w http.ResponseWriter, r *http.Request) {
	v, ok := readValue(w, r)
	if !ok {
		return
	}
	_ = s.kv.put(r.Context(), r.PathValue("key"), v) // memory does not fail
	w.WriteHeader(http.StatusNoContent)
}

// kvGet answers the value of {key}, or 404 (Store mode).
func (s *Server) kvGet(w http.ResponseWriter, r *http.Request) {
	v, ok, _ := s.kv.get(r.Context(), r.PathValue("key")) // memory does not fail
	if !ok {
		http.Error(w, "no such key", http.StatusNotFound)
		return
	}
	writeValue(w, v)
}
