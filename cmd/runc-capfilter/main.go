// Command runc-capfilter is an OCI runtime shim for hosts whose capability
// bounding set lacks capabilities that privileged containers ask for: it
// removes those from the container's spec and then executes the real runc.
// Docker runs it as its default runtime where engine.Ensure registered it.
package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/golive/resilience/kind/engine"
)

func main() {
	real := os.Getenv("CAPFILTER_RUNTIME")
	if real == "" {
		real = engine.RealRuntime
	}
	b, err := engine.ReadBounding()
	if err == nil {
		err = engine.FilterRuntimeArgs(os.Args[1:], b)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "runc-capfilter:", err)
		os.Exit(1)
	}
	argv := append([]string{real}, os.Args[1:]...)
	if err := syscall.Exec(real, argv, os.Environ()); err != nil {
		fmt.Fprintf(os.Stderr, "runc-capfilter: exec %s: %v\n", real, err)
		os.Exit(1)
	}
}
