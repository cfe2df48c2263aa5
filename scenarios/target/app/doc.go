// Package app is the demo target of the go-live suite: a small HTTP service
// that does graceful shutdown right by default and can be switched, through
// its environment, into each of the anti-patterns the suite must catch.
package app
