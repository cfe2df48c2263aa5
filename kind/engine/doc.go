// Package engine makes sure a Docker engine answers on this machine: it
// installs and starts one where it may (Debian, root), and on hosts whose
// capability bounding set is narrower than what `docker run --privileged`
// asks for it registers a runtime that filters the missing capabilities out.
package engine
