// Package loadgen sends vegeta-driven HTTP load at loopback targets and folds
// every result into fixed time windows, so that memory grows with the number
// of windows and never with the number of requests.
//
// A [Plan] says what to hit and how fast; [Run] attacks until the plan ends or
// its context is cancelled, delivering each [Window] as soon as every request
// started inside it has finished. [Summarize] turns any range of windows (a
// phase of a scenario) into counts, a success ratio with its 95% Wilson
// interval, latency quantiles and the achieved rate. [Metrics] exposes the same
// counts to Prometheus, and [WithSpill] streams raw results to a file through
// vegeta's own encoders so that vegeta's report and plot tools can read them.
//
// The package is silent unless given a logger with [WithLogger].
package loadgen
