// Package bench measures loadgen against a raw vegeta attack on the same
// loopback server: the achieved rate, the CPU time per request, and the
// memory of folding few or many results. cmd/loadbench runs it.
package bench
