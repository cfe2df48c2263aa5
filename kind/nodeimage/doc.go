// Package nodeimage provides the kind node image a cluster boots from: a
// local image built earlier from the same inputs, kind's published image, or
// — on machines that reach no container registry — one built offline from
// Debian packages and Go module sources, step by step, each step cached by a
// key of its inputs.
package nodeimage
