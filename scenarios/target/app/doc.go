// Package app is the demo target of the go-live suite: a small HTTP service
// that does graceful shutdown right by default and can be switched, through
// its environment, into each of the anti-patterns the suite must catch.
// It keeps state (PUT and GET /state/{key}) in an external store; with
// TARGET_MODE=store the same binary is that store, a tiny in-memory
// key-value server (PUT and GET /kv/{key}).
package app
