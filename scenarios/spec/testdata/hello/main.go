// Command hello is the Go package the spec tests compile.
package main

func main() { println("hello") }
